# Kefu widget — English (the reference locale: every other locale has exactly these keys).

launcher-open = Contact us
launcher-close = Close contact panel
launcher-label = Help

panel-title = { $site }
panel-close = Close
panel-loading = Loading contact options…
panel-error = We could not load the contact options. Please check your connection.
panel-retry = Try again
panel-powered = Support by Kefu
panel-channels = Ways to reach us
panel-language = Language
panel-fallback = Some of this site’s texts are not yet available in your language.

channel-open-now = Open now
channel-open-always = Open 24/7
channel-closed = Closed
channel-closed-today-holiday = Closed today ({ $holiday })
channel-opens-at = opens { $when }
channel-closes-at = until { $when }
channel-replies-within = usually replies within { $duration }
channel-never-opens = no opening hours scheduled

duration-seconds = { $n ->
    [one] { $n } second
   *[other] { $n } seconds
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] { $n } hour
   *[other] { $n } hours
}
duration-days = { $n ->
    [one] { $n } day
   *[other] { $n } days
}

hours-toggle = Opening hours
hours-closed-day = Closed
hours-range = { $start }–{ $end }
hours-your-time = Times shown in your time zone ({ $zone }).
hours-promise = Usually replies within { $duration } during opening hours.
hours-always = Available around the clock, every day.

kind-phone = Call
kind-email = Send an e-mail
kind-chat = Start a chat
kind-wechat = WeChat
kind-whatsapp = Message on WhatsApp
kind-telegram = Message on Telegram
kind-line = Message on LINE
kind-kakao = Message on KakaoTalk
kind-link = Open link

qr-show = Show QR code
qr-alt = QR code for { $channel }
qr-hint = Scan with { $channel } on your phone
opens-new-tab = (opens in a new tab)
