# Widget Kefu — français

launcher-open = Nous contacter
launcher-close = Fermer le panneau de contact
launcher-label = Aide

panel-title = { $site }
panel-close = Fermer
panel-loading = Chargement des moyens de contact…
panel-error = Impossible de charger les moyens de contact. Vérifiez votre connexion.
panel-retry = Réessayer
panel-powered = Service client par Kefu
panel-channels = Pour nous joindre
panel-language = Langue
panel-fallback = Certains textes de ce site ne sont pas encore disponibles dans votre langue.

channel-open-now = Ouvert
channel-open-always = Ouvert 24 h/24, 7 j/7
channel-closed = Fermé
channel-closed-today-holiday = Fermé aujourd’hui ({ $holiday })
channel-opens-at = ouvre { $when }
channel-closes-at = jusqu’à { $when }
channel-replies-within = répond en général sous { $duration }
channel-never-opens = aucun horaire d’ouverture prévu

duration-seconds = { $n ->
    [one] { $n } seconde
   *[other] { $n } secondes
}
duration-minutes = { $n ->
    [one] { $n } minute
   *[other] { $n } minutes
}
duration-hours = { $n ->
    [one] { $n } heure
   *[other] { $n } heures
}
duration-days = { $n ->
    [one] { $n } jour
   *[other] { $n } jours
}

hours-toggle = Horaires d’ouverture
hours-closed-day = Fermé
hours-range = { $start }–{ $end }
hours-your-time = Heures affichées dans votre fuseau horaire ({ $zone }).
hours-promise = Pendant les heures d’ouverture, nous répondons en général sous { $duration }.
hours-always = Disponible à toute heure, tous les jours.

kind-phone = Appeler
kind-email = Envoyer un e-mail
kind-chat = Démarrer une discussion
kind-wechat = WeChat
kind-whatsapp = Écrire sur WhatsApp
kind-telegram = Écrire sur Telegram
kind-line = Écrire sur LINE
kind-kakao = Écrire sur KakaoTalk
kind-link = Ouvrir le lien

qr-show = Afficher le code QR
qr-alt = Code QR pour { $channel }
qr-hint = Scannez-le avec { $channel } sur votre téléphone
opens-new-tab = (s’ouvre dans un nouvel onglet)
