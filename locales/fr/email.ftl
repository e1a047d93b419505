# E-mails de Kefu — français.

new-device-subject = Nouvelle connexion à votre compte Kefu
new-device-body =
    Quelqu’un s’est connecté à votre compte Kefu { $email } depuis un appareil ou un réseau jamais vu jusqu’ici :

      { $device }, réseau { $network }, le { $when } (UTC).

    Si c’était vous, vous n’avez rien à faire.
    Sinon, ouvrez la console dès maintenant, déconnectez les autres appareils depuis la page Compte
    et changez votre mot de passe : { $console }

ticket-receipt-subject = Nous avons bien reçu votre demande { $reference }
ticket-receipt-body =
    Bonjour,

    Merci d’avoir écrit à { $site }. Nous avons bien reçu votre demande « { $subject } ».

      Référence : { $reference }
      Nous publierons notre réponse d’ici le : { $due }

    Suivez votre demande et répondez-y ici (gardez ce lien pour vous) :
    { $link }

    Nous vous écrirons aussi à cette adresse dès qu’il y aura du nouveau.

ticket-reply-subject = Nouvelle réponse à votre demande { $reference }
ticket-reply-body =
    { $site } a répondu à votre demande « { $subject } » ({ $reference }) :

    { $message }

    Lisez toute la conversation et répondez ici :
    { $link }

ticket-resolved-subject = Votre demande { $reference } est résolue
ticket-resolved-body =
    Votre demande « { $subject } » ({ $reference }) adressée à { $site } est résolue. Notre réponse :

    { $outcome }

    Êtes-vous satisfait ? Donnez une note de 1 à 5 ici :
    { $link }

    Si cela ne règle pas votre problème, répondez-y sous { $days } jours et nous la reprendrons.

ticket-urgent-subject = Demande urgente { $reference } : { $subject }
ticket-urgent-body =
    Une demande urgente est arrivée pour { $site }.

      Référence : { $reference }
      Catégorie : { $category }
      Objet : { $subject }
      Échéance : { $due }

    Ouvrez-la dans la console : { $console }

ticket-recover-subject = Vos demandes à { $site }
ticket-recover-body =
    Quelqu’un (vous, nous l’espérons) a demandé à voir les demandes envoyées à { $site } avec cette adresse e-mail.

    Ouvrez ce lien dans le navigateur où vous souhaitez les suivre (il fonctionne une fois, pendant une heure) :

    { $link }

    Si vous n’avez rien demandé, ignorez cet e-mail : rien ne change.

chat-transcript-subject = Votre discussion avec { $site }
chat-transcript-body =
    Bonjour,

    Voici la transcription de votre discussion avec { $site }, comme vous l’avez demandé :

    { $transcript }
    Merci de nous avoir contactés.
chat-transcript-you = Vous
chat-transcript-team = Équipe d’assistance
chat-transcript-image = [image]
