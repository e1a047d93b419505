# Correos de Kefu — español.

new-device-subject = Nuevo inicio de sesión en su cuenta de Kefu
new-device-body =
    Alguien inició sesión en su cuenta de Kefu { $email } desde un dispositivo o una red que no se habían visto antes:

      { $device }, red { $network }, el { $when } (UTC).

    Si fue usted, no tiene que hacer nada.
    Si no fue usted, abra ahora la consola, cierre la sesión en los demás dispositivos desde la página Cuenta
    y cambie su contraseña: { $console }

ticket-receipt-subject = Hemos recibido su solicitud { $reference }
ticket-receipt-body =
    Hola:

    Gracias por escribir a { $site }. Hemos recibido su solicitud «{ $subject }».

      Referencia: { $reference }
      Publicaremos la resolución antes del: { $due }

    Siga su solicitud y respóndala aquí (no comparta este enlace):
    { $link }

    También le escribiremos a esta dirección cuando haya novedades.

ticket-reply-subject = Nueva respuesta a su solicitud { $reference }
ticket-reply-body =
    { $site } ha respondido a su solicitud «{ $subject }» ({ $reference }):

    { $message }

    Lea toda la conversación y responda aquí:
    { $link }

ticket-resolved-subject = Su solicitud { $reference } está resuelta
ticket-resolved-body =
    Su solicitud «{ $subject }» ({ $reference }) a { $site } está resuelta. La resolución:

    { $outcome }

    ¿Qué tan satisfecho está? Valórela del 1 al 5 aquí:
    { $link }

    Si esto no lo soluciona, responda allí en un plazo de { $days } días y la retomaremos.

ticket-urgent-subject = Solicitud urgente { $reference }: { $subject }
ticket-urgent-body =
    Ha llegado una solicitud urgente para { $site }.

      Referencia: { $reference }
      Categoría: { $category }
      Asunto: { $subject }
      Vence: { $due }

    Ábrala en la consola: { $console }

ticket-recover-subject = Sus solicitudes a { $site }
ticket-recover-body =
    Alguien (esperamos que usted) ha pedido ver las solicitudes enviadas a { $site } con esta dirección de correo.

    Abra este enlace en el navegador desde el que quiera seguirlas (funciona una vez, durante una hora):

    { $link }

    Si no lo pidió, puede ignorar este correo: no cambia nada.

chat-transcript-subject = Su chat con { $site }
chat-transcript-body =
    Hola:

    Aquí tiene la conversación de su chat con { $site }, tal como pidió:

    { $transcript }
    Gracias por contactarnos.
chat-transcript-you = Usted
chat-transcript-team = Equipo de soporte
chat-transcript-image = [imagen]
