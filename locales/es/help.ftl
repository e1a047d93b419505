# Módulo de ayuda de Kefu (preguntas frecuentes y comentarios) — español.

faq-search-label = Buscar en los artículos de ayuda
faq-search-placeholder = Busque una respuesta…
faq-popular = Artículos más consultados
faq-results = Artículos
faq-result-count = { $count ->
    [one] Se encontró { $count } artículo
   *[other] Se encontraron { $count } artículos
}
faq-no-results = Ningún artículo coincide con «{ $query }».
faq-still-need-help = ¿Sigue necesitando ayuda?
faq-contact-us = Contáctenos
faq-back = Volver a los artículos
faq-fallback = Este artículo aún no está disponible en su idioma.
faq-helpful-question = ¿Le ha resultado útil?
faq-helpful-yes = Sí
faq-helpful-no = No
faq-helpful-thanks = ¡Gracias por su opinión!
faq-suggest-heading = Estos artículos podrían responder a su pregunta
faq-suggest-count = { $count ->
    [one] Un artículo de ayuda podría responder a su pregunta.
   *[other] { $count } artículos de ayuda podrían responder a su pregunta.
}

# La etiqueta de idioma de estos textos (el módulo formatea las fechas con ella).
help-locale = es

feedback-title = Comentarios
feedback-intro = Informe de un problema o comparta una idea. Publicamos la resolución de cada solicitud en un plazo de { $days } días hábiles.
feedback-open = Enviar comentarios
feedback-back = Volver
feedback-form-title = Enviar comentarios
feedback-category = Tema
feedback-category-bug = Algo no funciona
feedback-category-suggestion = Una sugerencia
feedback-category-complaint = Una queja
feedback-category-question = Una pregunta
feedback-category-other = Otro asunto
feedback-subject = Asunto
feedback-description = Su mensaje
feedback-description-hint = ¿Qué hizo, qué esperaba que ocurriera y qué ocurrió en realidad?
feedback-email = Correo electrónico (opcional)
feedback-email-hint = Le escribiremos allí cuando haya novedades sobre su solicitud.
feedback-urgency = ¿Qué tan urgente es para usted?
feedback-urgency-low = Puede esperar
feedback-urgency-normal = Normal
feedback-urgency-high = Urgente
feedback-attachment = Captura de pantalla (opcional)
feedback-attachment-hint = Una imagen PNG, JPEG, GIF o WebP de hasta 2 MB.
feedback-submit = Enviar
feedback-sending = Enviando…
feedback-error-required = Rellene este campo.
feedback-error-too-long = Acórtelo a { $max } caracteres como máximo.
feedback-error-email = Escriba una dirección de correo como nombre@ejemplo.com.
feedback-error-consent = Acepte las condiciones para enviar su solicitud.
feedback-error-image-type = Elija una imagen PNG, JPEG, GIF o WebP.
feedback-error-image-size = Elija una imagen de 2 MB como máximo.
feedback-error-rate = Ha enviado varias solicitudes en poco tiempo. Esta queda guardada y se enviará dentro de { $seconds } segundos.
feedback-error-failed = No se pudo enviar: { $message }
feedback-pending = No tiene conexión. Su solicitud está guardada en este dispositivo y se enviará en cuanto vuelva a estar en línea, aunque cierre esta página.
feedback-retrying = Ahora mismo no podemos conectar con nuestro servidor. Su solicitud está guardada en este dispositivo y seguimos intentándolo.
feedback-sent-title = ¡Gracias! Hemos recibido su solicitud.
feedback-reference = Su número de referencia:
feedback-due = Publicaremos la resolución antes del { $date }.
feedback-sent-hint = Guarde el número de referencia. Si nos dejó su correo, también le escribiremos.
feedback-done = Listo
feedback-outbox = { $count ->
    [one] Hay una solicitud guardada en este dispositivo pendiente de envío.
   *[other] Hay { $count } solicitudes guardadas en este dispositivo pendientes de envío.
}
feedback-discard = Descartar
feedback-my-requests = Mis solicitudes
feedback-back-to-list = Todas mis solicitudes
feedback-list-empty = Todavía no ha enviado ninguna solicitud desde este navegador.
feedback-loading = Cargando…
feedback-load-failed = No pudimos cargar sus solicitudes en este momento. Inténtelo de nuevo en unos instantes.
feedback-unread-badge = Nuevo
feedback-due-short = resolución prevista el { $date }
feedback-status-new = Recibida
feedback-status-triaged = En revisión
feedback-status-in-progress = En curso
feedback-status-waiting-for-visitor = Esperando su respuesta
feedback-status-resolved = Resuelta
feedback-status-closed = Cerrada
feedback-outcome = Resolución
feedback-thread = Mensajes
feedback-author-visitor = Usted
feedback-author-agent = Equipo de soporte
feedback-reply-label = Su respuesta
feedback-reply-send = Enviar respuesta
feedback-reply-failed = Su respuesta no se envió: no podemos conectar con nuestro servidor. Pulse «Enviar respuesta» de nuevo para reintentarlo.
feedback-closed-note = Esta solicitud está cerrada. Si aún necesita ayuda, envíe una nueva solicitud.
feedback-rate-question = ¿Qué tan satisfecho está con la gestión de esta solicitud?
feedback-score-1 = Muy insatisfecho
feedback-score-2 = Insatisfecho
feedback-score-3 = Ni satisfecho ni insatisfecho
feedback-score-4 = Satisfecho
feedback-score-5 = Muy satisfecho
feedback-rate-comment = ¿Quiere contarnos algo más? (opcional)
feedback-rate-send = Enviar valoración
feedback-rate-choose = Primero elija una valoración del 1 al 5.
feedback-rated = Ha valorado esta solicitud con { $score } de 5. ¡Gracias!
feedback-recover-intro = ¿Envió una solicitud desde otro dispositivo o navegador? Podemos enviarle por correo un enlace para verla aquí.
feedback-recover-email = Su dirección de correo
feedback-recover-send = Enviarme un enlace
feedback-recover-sent = Si hay solicitudes enviadas con esta dirección, le hemos enviado un enlace. Solo funciona una vez y durante una hora.
feedback-recover-wait = Espere { $seconds } segundos antes de volver a pedirlo.
feedback-recover-unavailable = Este sitio no puede enviar enlaces por correo. Abra esta página en el navegador desde el que envió su solicitud.

## La pregunta NPS para visitantes que vuelven (una tarjeta junto al botón)
nps-question = ¿Qué probabilidad hay de que nos recomiende a un amigo o colega?
nps-low = 0: nada probable
nps-high = 10: muy probable
nps-why = ¿Cuál es el motivo principal de su puntuación? (opcional)
nps-send = Enviar
nps-sending = Enviando…
nps-thanks = ¡Gracias! Su respuesta nos ayuda a mejorar.
nps-failed = No se pudo enviar su respuesta. Pulse «Enviar» de nuevo.
nps-later = Ahora no
nps-close = Cerrar esta pregunta

## Chat en directo
chat-title = Chat en directo
chat-home-online = Estamos en línea. Solemos responder en { $duration }.
chat-home-away = Ahora mismo no hay nadie conectado. Déjenos un mensaje y le responderemos por correo.
chat-home-closed = El chat está cerrado en este momento. Déjenos un mensaje y le responderemos por correo.
chat-home-reply = Respondemos en { $days ->
    [one] un día hábil
   *[other] { $days } días hábiles
}.
chat-home-ongoing = Tiene una conversación en curso.
chat-start = Iniciar un chat
chat-continue = Continuar el chat
chat-leave = Dejar un mensaje
chat-back = Volver
chat-status-online = En línea · suele responder en { $duration }
chat-status-away = Ahora mismo no hay nadie conectado
chat-reconnecting = Reconectando…
chat-unavailable = El chat no está disponible en esta página.
chat-name = Su nombre
chat-email = Su correo electrónico
chat-input = Mensaje
chat-input-hint = Escriba su mensaje…
chat-send = Enviar
chat-you = Usted
chat-team = Equipo de soporte
chat-sending = Enviando…
chat-delivered = Entregado
chat-read = Leído
chat-failed = No enviado
chat-image = Imagen
chat-image-send = Enviar una imagen
chat-image-type = Solo se pueden enviar imágenes PNG, JPEG, GIF y WebP.
chat-image-large = Esta imagen supera los 2 MB. Envíe una más pequeña.
chat-retry = Reintentar
chat-typing = { $name } está escribiendo…
chat-typing-team = El equipo está escribiendo…
chat-late = Lo sentimos, todavía no le ha respondido nadie. Estos artículos pueden ayudarle; también puede dejarnos un mensaje y le responderemos por correo.
chat-keep-waiting = Seguir esperando
chat-ended = Este chat ha terminado.
chat-rate-question = ¿Qué le ha parecido este chat?
chat-rate-score = { $score } de 5
chat-rate-low = Malo
chat-rate-high = Excelente
chat-rate-sending = Enviando su valoración…
chat-rate-thanks = ¡Gracias por su valoración!
chat-transcript-label = Enviarme la conversación por correo
chat-transcript-send = Enviar
chat-transcript-sending = Enviando…
chat-transcript-sent = Hemos enviado la conversación a { $email }.
chat-transcript-unavailable = Este sitio no puede enviar conversaciones por correo.
chat-blocked = No puede iniciar un chat aquí. Déjenos un mensaje en su lugar.
chat-new = Iniciar un chat nuevo
chat-error = Algo salió mal. Inténtelo de nuevo.
chat-error-empty = Escriba un mensaje primero.
chat-error-long = Los mensajes pueden tener como máximo { $max } caracteres.
chat-error-wait = Está enviando mensajes muy rápido. Espere { $seconds } s.
chat-error-email = Escriba una dirección de correo válida.

## The site's terms of service and privacy notice
terms-link-terms = Condiciones del servicio
terms-link-privacy = Aviso de privacidad
terms-read-title = Condiciones y privacidad
terms-gate-title = Antes de continuar
terms-gate-text = Lea y acepte nuestras condiciones del servicio y nuestro aviso de privacidad. Solo tendrá que hacerlo una vez.
terms-update-title = Hemos cambiado nuestras condiciones
terms-update-text = Las actualizamos el { $date }. Qué ha cambiado:
terms-fallback = Este texto aún no está disponible en su idioma.
terms-version = Versión { $version }
terms-accept = Aceptar y continuar
terms-not-now = Ahora no
terms-close = Cerrar
terms-error = No se pudo guardar su aceptación. Inténtelo de nuevo.
