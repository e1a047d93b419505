# Widget de Kefu — español

launcher-open = Contáctenos
launcher-close = Cerrar el panel de contacto
launcher-label = Ayuda

panel-title = { $site }
panel-close = Cerrar
panel-loading = Cargando las opciones de contacto…
panel-error = No pudimos cargar las opciones de contacto. Compruebe su conexión.
panel-retry = Reintentar
panel-powered = Atención al cliente con Kefu
panel-channels = Cómo contactarnos
panel-language = Idioma
panel-fallback = Parte del contenido de este sitio aún no está disponible en su idioma.

channel-open-now = Abierto ahora
channel-open-always = Abierto 24/7
channel-closed = Cerrado
channel-closed-today-holiday = Cerrado hoy ({ $holiday })
channel-opens-at = abre { $when }
channel-closes-at = hasta las { $when }
channel-replies-within = suele responder en { $duration }
channel-never-opens = sin horario de atención programado

duration-seconds = { $n ->
    [one] { $n } segundo
   *[other] { $n } segundos
}
duration-minutes = { $n ->
    [one] { $n } minuto
   *[other] { $n } minutos
}
duration-hours = { $n ->
    [one] { $n } hora
   *[other] { $n } horas
}
duration-days = { $n ->
    [one] { $n } día
   *[other] { $n } días
}

hours-toggle = Horario de atención
hours-closed-day = Cerrado
hours-range = { $start }–{ $end }
hours-your-time = Horas mostradas en su zona horaria ({ $zone }).
hours-promise = En horario de atención solemos responder en { $duration }.
hours-always = Disponible a cualquier hora, todos los días.

kind-phone = Llamar
kind-email = Enviar un correo
kind-chat = Iniciar un chat
kind-wechat = WeChat
kind-whatsapp = Escribir por WhatsApp
kind-telegram = Escribir por Telegram
kind-line = Escribir por LINE
kind-kakao = Escribir por KakaoTalk
kind-link = Abrir enlace

qr-show = Mostrar código QR
qr-alt = Código QR de { $channel }
qr-hint = Escanéelo con { $channel } en su teléfono
opens-new-tab = (se abre en una pestaña nueva)
