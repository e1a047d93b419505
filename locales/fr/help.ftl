# Module d’aide Kefu (FAQ et avis) — français.

faq-search-label = Rechercher dans les articles d’aide
faq-search-placeholder = Rechercher une réponse…
faq-popular = Articles populaires
faq-results = Articles
faq-result-count = { $count ->
    [one] { $count } article trouvé
   *[other] { $count } articles trouvés
}
faq-no-results = Aucun article ne correspond à « { $query } ».
faq-still-need-help = Besoin d’aide supplémentaire ?
faq-contact-us = Nous contacter
faq-back = Retour aux articles
faq-fallback = Cet article n’est pas encore disponible dans votre langue.
faq-helpful-question = Cet article vous a-t-il été utile ?
faq-helpful-yes = Oui
faq-helpful-no = Non
faq-helpful-thanks = Merci pour votre avis !
faq-suggest-heading = Ces articles répondent peut-être à votre question
faq-suggest-count = { $count ->
    [one] Un article d’aide répond peut-être à votre question.
   *[other] { $count } articles d’aide répondent peut-être à votre question.
}

# L’étiquette de langue de ces textes (le module s’en sert pour formater les dates).
help-locale = fr

feedback-title = Votre avis
feedback-intro = Signalez un problème ou proposez une idée. Nous publions une réponse à chaque demande sous { $days } jours ouvrés.
feedback-open = Donner votre avis
feedback-back = Retour
feedback-form-title = Donner votre avis
feedback-category = Sujet
feedback-category-bug = Quelque chose ne fonctionne pas
feedback-category-suggestion = Une suggestion
feedback-category-complaint = Une réclamation
feedback-category-question = Une question
feedback-category-other = Autre chose
feedback-subject = Objet
feedback-description = Votre message
feedback-description-hint = Qu’avez-vous fait, que vous attendiez-vous à voir, et que s’est-il passé à la place ?
feedback-email = Adresse e-mail (facultatif)
feedback-email-hint = Nous vous écrirons à cette adresse dès que votre demande évolue.
feedback-urgency = Quelle est l’urgence pour vous ?
feedback-urgency-low = Ça peut attendre
feedback-urgency-normal = Normale
feedback-urgency-high = Urgente
feedback-attachment = Capture d’écran (facultatif)
feedback-attachment-hint = Une image PNG, JPEG, GIF ou WebP de 2 Mo maximum.
feedback-submit = Envoyer
feedback-sending = Envoi en cours…
feedback-error-required = Veuillez remplir ce champ.
feedback-error-too-long = Veuillez le raccourcir à { $max } caractères.
feedback-error-email = Veuillez saisir une adresse e-mail du type nom@exemple.com.
feedback-error-consent = Veuillez accepter les conditions pour envoyer votre demande.
feedback-error-image-type = Veuillez choisir une image PNG, JPEG, GIF ou WebP.
feedback-error-image-size = Veuillez choisir une image de 2 Mo maximum.
feedback-error-rate = Vous avez envoyé plusieurs demandes en peu de temps. Celle-ci est enregistrée et partira dans { $seconds } secondes.
feedback-error-failed = L’envoi a échoué : { $message }
feedback-pending = Vous êtes hors ligne. Votre demande est enregistrée sur cet appareil et partira dès votre retour en ligne, même si vous fermez cette page.
feedback-retrying = Nous ne parvenons pas à joindre notre serveur pour le moment. Votre demande est enregistrée sur cet appareil et nous réessayons.
feedback-sent-title = Merci ! Nous avons bien reçu votre demande.
feedback-reference = Votre référence :
feedback-due = Nous publierons notre réponse d’ici le { $date }.
feedback-sent-hint = Conservez cette référence. Si vous avez indiqué votre adresse e-mail, nous vous écrirons aussi.
feedback-done = Terminé
feedback-outbox = { $count ->
    [one] Une demande est enregistrée sur cet appareil et attend d’être envoyée.
   *[other] { $count } demandes sont enregistrées sur cet appareil et attendent d’être envoyées.
}
feedback-discard = Supprimer
feedback-my-requests = Mes demandes
feedback-back-to-list = Toutes mes demandes
feedback-list-empty = Vous n’avez encore envoyé aucune demande depuis ce navigateur.
feedback-loading = Chargement…
feedback-load-failed = Impossible de charger vos demandes pour l’instant. Veuillez réessayer dans un moment.
feedback-unread-badge = Nouveau
feedback-due-short = réponse prévue le { $date }
feedback-status-new = Reçue
feedback-status-triaged = En cours d’examen
feedback-status-in-progress = En cours de traitement
feedback-status-waiting-for-visitor = En attente de votre réponse
feedback-status-resolved = Résolue
feedback-status-closed = Clôturée
feedback-outcome = Réponse
feedback-thread = Messages
feedback-author-visitor = Vous
feedback-author-agent = Équipe d’assistance
feedback-reply-label = Votre réponse
feedback-reply-send = Envoyer la réponse
feedback-reply-failed = Votre réponse n’a pas été envoyée : notre serveur est injoignable. Appuyez de nouveau sur « Envoyer la réponse » pour réessayer.
feedback-closed-note = Cette demande est clôturée. Si vous avez encore besoin d’aide, envoyez une nouvelle demande.
feedback-rate-question = Êtes-vous satisfait de la façon dont nous avons traité cette demande ?
feedback-score-1 = Très insatisfait
feedback-score-2 = Insatisfait
feedback-score-3 = Ni satisfait ni insatisfait
feedback-score-4 = Satisfait
feedback-score-5 = Très satisfait
feedback-rate-comment = Souhaitez-vous ajouter quelque chose ? (facultatif)
feedback-rate-send = Envoyer la note
feedback-rate-choose = Veuillez d’abord choisir une note de 1 à 5.
feedback-rated = Vous avez donné la note de { $score } sur 5 à cette demande. Merci !
feedback-recover-intro = Vous avez envoyé une demande depuis un autre appareil ou navigateur ? Nous pouvons vous envoyer par e-mail un lien pour la retrouver ici.
feedback-recover-email = Votre adresse e-mail
feedback-recover-send = M’envoyer un lien
feedback-recover-sent = Si des demandes ont été envoyées avec cette adresse, un lien est en route. Il ne fonctionne qu’une fois, pendant une heure.
feedback-recover-wait = Veuillez patienter { $seconds } secondes avant de redemander.
feedback-recover-unavailable = Ce site ne peut pas envoyer de liens par e-mail. Ouvrez cette page dans le navigateur depuis lequel vous avez envoyé votre demande.

## La question NPS pour les visiteurs qui reviennent (une carte près du bouton)
nps-question = Quelle est la probabilité que vous nous recommandiez à un ami ou à un collègue ?
nps-low = 0 : pas du tout probable
nps-high = 10 : extrêmement probable
nps-why = Quelle est la principale raison de votre note ? (facultatif)
nps-send = Envoyer
nps-sending = Envoi en cours…
nps-thanks = Merci ! Votre réponse nous aide à nous améliorer.
nps-failed = Votre réponse n’a pas pu être envoyée. Appuyez de nouveau sur « Envoyer ».
nps-later = Plus tard
nps-close = Fermer cette question

## Discussion en direct
chat-title = Discussion en direct
chat-home-online = Nous sommes en ligne. Nous répondons en général sous { $duration }.
chat-home-away = Personne n’est disponible pour le moment. Laissez-nous un message et nous vous répondrons par e-mail.
chat-home-closed = La discussion est fermée pour le moment. Laissez-nous un message et nous vous répondrons par e-mail.
chat-home-reply = Nous répondons sous { $days ->
    [one] un jour ouvré
   *[other] { $days } jours ouvrés
}.
chat-home-ongoing = Vous avez une discussion en cours.
chat-start = Démarrer une discussion
chat-continue = Reprendre la discussion
chat-leave = Laisser un message
chat-back = Retour
chat-status-online = En ligne · répond en général sous { $duration }
chat-status-away = Personne n’est disponible pour le moment
chat-reconnecting = Reconnexion…
chat-unavailable = La discussion n’est pas disponible sur cette page.
chat-name = Votre nom
chat-email = Votre adresse e-mail
chat-input = Message
chat-input-hint = Écrivez votre message…
chat-send = Envoyer
chat-you = Vous
chat-team = Équipe d’assistance
chat-sending = Envoi…
chat-delivered = Distribué
chat-read = Lu
chat-failed = Non envoyé
chat-image = Image
chat-image-send = Envoyer une image
chat-image-type = Seules les images PNG, JPEG, GIF et WebP peuvent être envoyées.
chat-image-large = Cette image dépasse 2 Mo. Veuillez en envoyer une plus légère.
chat-retry = Réessayer
chat-typing = { $name } est en train d’écrire…
chat-typing-team = L’équipe est en train d’écrire…
chat-late = Désolés, personne ne vous a encore répondu. Ces articles peuvent vous aider ; vous pouvez aussi nous laisser un message et nous vous répondrons par e-mail.
chat-keep-waiting = Continuer d’attendre
chat-ended = Cette discussion est terminée.
chat-rate-question = Comment s’est passée cette discussion ?
chat-rate-score = { $score } sur 5
chat-rate-low = Mauvaise
chat-rate-high = Excellente
chat-rate-sending = Envoi de votre note…
chat-rate-thanks = Merci pour votre note !
chat-transcript-label = M’envoyer la transcription par e-mail
chat-transcript-send = Envoyer
chat-transcript-sending = Envoi…
chat-transcript-sent = Nous avons envoyé la transcription à { $email }.
chat-transcript-unavailable = Ce site ne peut pas envoyer de transcriptions par e-mail.
chat-blocked = Vous ne pouvez pas démarrer de discussion ici. Laissez-nous plutôt un message.
chat-new = Démarrer une nouvelle discussion
chat-error = Un problème est survenu. Veuillez réessayer.
chat-error-empty = Écrivez d’abord un message.
chat-error-long = Un message ne peut pas dépasser { $max } caractères.
chat-error-wait = Vous envoyez des messages très rapidement. Veuillez patienter { $seconds } s.
chat-error-email = Veuillez saisir une adresse e-mail valide.

## The site's terms of service and privacy notice
terms-link-terms = Conditions d’utilisation
terms-link-privacy = Politique de confidentialité
terms-read-title = Conditions et confidentialité
terms-gate-title = Avant de continuer
terms-gate-text = Veuillez lire et accepter nos conditions d’utilisation et notre politique de confidentialité. Vous n’aurez à le faire qu’une fois.
terms-update-title = Nos conditions ont changé
terms-update-text = Nous les avons mises à jour le { $date }. Ce qui change :
terms-fallback = Ce texte n’est pas encore disponible dans votre langue.
terms-version = Version { $version }
terms-accept = Accepter et continuer
terms-not-now = Pas maintenant
terms-close = Fermer
terms-error = Votre acceptation n’a pas pu être enregistrée. Veuillez réessayer.
