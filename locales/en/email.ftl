# Kefu e-mails — English (the reference locale).

new-device-subject = New sign-in to your Kefu account
new-device-body =
    Someone signed in to your Kefu account { $email } from a device or network not seen before:

      { $device }, network { $network }, at { $when } (UTC).

    If this was you, there is nothing to do.
    If it was not, open the console now, sign out the other devices on your Account page,
    and change your password: { $console }

ticket-receipt-subject = We received your request { $reference }
ticket-receipt-body =
    Hello,

    Thank you for writing to { $site }. We have received your request “{ $subject }”.

      Reference: { $reference }
      We will publish the outcome by: { $due }

    Follow your request and reply to it here (keep this link to yourself):
    { $link }

    We will also write to you here when there is news.

ticket-reply-subject = New reply to your request { $reference }
ticket-reply-body =
    { $site } replied to your request “{ $subject }” ({ $reference }):

    { $message }

    Read the whole conversation and answer here:
    { $link }

ticket-resolved-subject = Your request { $reference } is resolved
ticket-resolved-body =
    Your request “{ $subject }” ({ $reference }) to { $site } is resolved. The outcome:

    { $outcome }

    How satisfied are you? Rate it from 1 to 5 here:
    { $link }

    If this does not settle it, reply there within { $days } days and we will take it up again.

ticket-urgent-subject = Urgent request { $reference }: { $subject }
ticket-urgent-body =
    An urgent request arrived for { $site }.

      Reference: { $reference }
      Category: { $category }
      Subject: { $subject }
      Due: { $due }

    Open it in the console: { $console }

ticket-recover-subject = Your requests to { $site }
ticket-recover-body =
    Someone (we hope you) asked to see the requests sent to { $site } with this e-mail address.

    Open this link in the browser where you want to follow them (it works once, within an hour):

    { $link }

    If you did not ask for this, you can ignore this e-mail: nothing changes.

chat-transcript-subject = Your chat with { $site }
chat-transcript-body =
    Hello,

    Here is the transcript of your chat with { $site }, as you asked:

    { $transcript }
    Thank you for contacting us.
chat-transcript-you = You
chat-transcript-team = Support team
chat-transcript-image = [image]
