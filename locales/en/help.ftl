# Kefu help module (FAQ and feedback) — English (the reference locale).
# These texts ship inside the help module (crates/faq), which hands them to the widget when
# it loads, so they are not part of the widget's idle-time download.

faq-search-label = Search the help articles
faq-search-placeholder = Search for answers…
faq-popular = Popular articles
faq-results = Articles
faq-result-count = { $count ->
    [one] { $count } article found
   *[other] { $count } articles found
}
faq-no-results = No articles match “{ $query }”.
faq-still-need-help = Still need help?
faq-contact-us = Contact us
faq-back = Back to articles
faq-fallback = This article is not yet available in your language.
faq-helpful-question = Was this helpful?
faq-helpful-yes = Yes
faq-helpful-no = No
faq-helpful-thanks = Thanks for your feedback!
faq-suggest-heading = These articles may answer your question
faq-suggest-count = { $count ->
    [one] One help article may answer your question.
   *[other] { $count } help articles may answer your question.
}

# The language tag of these texts (the module formats dates in it).
help-locale = en

feedback-title = Feedback
feedback-intro = Report a problem or share an idea. We publish an outcome for every request within { $days } working days.
feedback-open = Send feedback
feedback-back = Back
feedback-form-title = Send feedback
feedback-category = Topic
feedback-category-bug = Something is not working
feedback-category-suggestion = A suggestion
feedback-category-complaint = A complaint
feedback-category-question = A question
feedback-category-other = Something else
feedback-subject = Subject
feedback-description = Your message
feedback-description-hint = What did you do, what did you expect, and what happened instead?
feedback-email = E-mail (optional)
feedback-email-hint = We write to you there when there is news about your request.
feedback-urgency = How urgent is it for you?
feedback-urgency-low = It can wait
feedback-urgency-normal = Normal
feedback-urgency-high = Urgent
feedback-attachment = Screenshot (optional)
feedback-attachment-hint = A PNG, JPEG, GIF or WebP image of up to 2 MB.
feedback-submit = Send
feedback-sending = Sending…
feedback-error-required = Please fill this in.
feedback-error-too-long = Please shorten this to { $max } characters.
feedback-error-email = Please enter an e-mail address such as name@example.com.
feedback-error-consent = Please accept the terms to send your request.
feedback-error-image-type = Please choose a PNG, JPEG, GIF or WebP image.
feedback-error-image-size = Please choose an image of up to 2 MB.
feedback-error-rate = You have sent several requests in a short time. This one is saved and goes out in { $seconds } seconds.
feedback-error-failed = It could not be sent: { $message }
feedback-pending = You are offline. Your request is saved on this device and is sent as soon as you are back online, even if you close this page.
feedback-retrying = We cannot reach our server right now. Your request is saved on this device and we keep trying.
feedback-sent-title = Thank you! We have received your request.
feedback-reference = Your reference:
feedback-due = We will publish the outcome by { $date }.
feedback-sent-hint = Keep the reference. We will also write to you if you gave your e-mail address.
feedback-done = Done
feedback-outbox = { $count ->
    [one] One request is saved on this device and waiting to be sent.
   *[other] { $count } requests are saved on this device and waiting to be sent.
}
feedback-discard = Discard
feedback-my-requests = My requests
feedback-back-to-list = All my requests
feedback-list-empty = You have not sent any requests from this browser yet.
feedback-loading = Loading…
feedback-load-failed = Your requests could not be loaded just now. Please try again in a moment.
feedback-unread-badge = New
feedback-due-short = outcome due { $date }
feedback-status-new = Received
feedback-status-triaged = Being reviewed
feedback-status-in-progress = In progress
feedback-status-waiting-for-visitor = Waiting for your answer
feedback-status-resolved = Resolved
feedback-status-closed = Closed
feedback-outcome = Outcome
feedback-thread = Messages
feedback-author-visitor = You
feedback-author-agent = Support team
feedback-reply-label = Your reply
feedback-reply-send = Send reply
feedback-reply-failed = Your reply was not sent: we cannot reach our server. Press “Send reply” again to retry.
feedback-closed-note = This request is closed. If you still need help, please send a new request.
feedback-rate-question = How satisfied are you with how we handled this request?
feedback-score-1 = Very dissatisfied
feedback-score-2 = Dissatisfied
feedback-score-3 = Neither satisfied nor dissatisfied
feedback-score-4 = Satisfied
feedback-score-5 = Very satisfied
feedback-rate-comment = Anything you would like to tell us? (optional)
feedback-rate-send = Send rating
feedback-rate-choose = Please choose a rating from 1 to 5 first.
feedback-rated = You rated this request { $score } out of 5. Thank you!
feedback-recover-intro = Sent a request from another device or browser? We can e-mail you a link that shows it here.
feedback-recover-email = Your e-mail address
feedback-recover-send = E-mail me a link
feedback-recover-sent = If we have requests sent with this address, a link is on its way. It works once, within an hour.
feedback-recover-wait = Please wait { $seconds } seconds before asking again.
feedback-recover-unavailable = This site cannot send e-mail links. Please open this page in the browser where you sent your request.

## The NPS question for returning visitors (a card beside the launcher)
nps-question = How likely are you to recommend us to a friend or colleague?
nps-low = 0: not at all likely
nps-high = 10: extremely likely
nps-why = What is the main reason for your score? (optional)
nps-send = Send
nps-sending = Sending…
nps-thanks = Thank you! Your answer helps us improve.
nps-failed = Your answer could not be sent. Please press “Send” again.
nps-later = Not now
nps-close = Close this question

## Live chat
chat-title = Live chat
chat-home-online = We're online. We usually reply within { $duration }.
chat-home-away = No one is online right now. Leave a message and we'll answer by e-mail.
chat-home-closed = Chat is closed at the moment. Leave a message and we'll answer by e-mail.
chat-home-reply = We reply within { $days ->
    [one] one working day
   *[other] { $days } working days
}.
chat-home-ongoing = You have a conversation in progress.
chat-start = Start a chat
chat-continue = Continue the chat
chat-leave = Leave a message
chat-back = Back
chat-status-online = Online · usually replies within { $duration }
chat-status-away = No one is online right now
chat-reconnecting = Reconnecting…
chat-unavailable = Chat is not available on this page.
chat-name = Your name
chat-email = Your e-mail address
chat-input = Message
chat-input-hint = Type your message…
chat-send = Send
chat-you = You
chat-team = Support team
chat-sending = Sending…
chat-delivered = Delivered
chat-read = Read
chat-failed = Not sent
chat-image = Image
chat-image-send = Send an image
chat-image-type = Only PNG, JPEG, GIF and WebP images can be sent.
chat-image-large = This image is larger than 2 MB. Please send a smaller one.
chat-retry = Retry
chat-typing = { $name } is typing…
chat-typing-team = The team is typing…
chat-late = No one has answered yet, sorry. These articles may help, or leave us a message and we'll reply by e-mail.
chat-keep-waiting = Keep waiting
chat-ended = This chat has ended.
chat-rate-question = How was this chat?
chat-rate-score = { $score } out of 5
chat-rate-low = Poor
chat-rate-high = Excellent
chat-rate-sending = Sending your rating…
chat-rate-thanks = Thank you for your rating!
chat-transcript-label = E-mail me the transcript
chat-transcript-send = Send
chat-transcript-sending = Sending…
chat-transcript-sent = We sent the transcript to { $email }.
chat-transcript-unavailable = Transcripts cannot be e-mailed from this site.
chat-blocked = You cannot start a chat here. Please leave us a message instead.
chat-new = Start a new chat
chat-error = Something went wrong. Please try again.
chat-error-empty = Please type a message first.
chat-error-long = Messages can be at most { $max } characters long.
chat-error-wait = You're sending messages quickly. Please wait { $seconds } s.
chat-error-email = Please enter a valid e-mail address.

## The site's terms of service and privacy notice
terms-link-terms = Terms of service
terms-link-privacy = Privacy notice
terms-read-title = Terms and privacy
terms-gate-title = Before you continue
terms-gate-text = Please read and accept our terms of service and privacy notice. You only need to do this once.
terms-update-title = Our terms have changed
terms-update-text = We updated them on { $date }. What changed:
terms-fallback = This text is not yet available in your language.
terms-version = Version { $version }
terms-accept = Accept and continue
terms-not-now = Not now
terms-close = Close
terms-error = Your acceptance could not be saved. Please try again.
