# Kefu server messages — English (the reference locale): why a site's settings were refused.
# Shown next to the field in the console, and by `kefu site import`.

site-syntax = { $detail }
site-no-locales = List at least one language, e.g. en.
site-not-locale = “{ $value }” is not a language tag like en or zh-CN.
site-write-instead = Write “{ $fix }” instead of “{ $value }”.
site-listed-twice = “{ $value }” is listed twice.
site-default-not-listed = The default language “{ $value }” must be one of the content languages.
site-not-time-zone = “{ $value }” is not a time zone like Asia/Shanghai.
site-too-many = At most { $max } entries.
site-not-origin = “{ $value }” is not a website origin like https://www.example.com (no path).
site-not-colour = “{ $value }” is not a colour written #rrggbb.
site-range = Choose a number from { $min } to { $max }.
site-id-taken = “{ $value }” is used by another channel.
site-length = Between 1 and { $max } characters.
site-value-missing = Say what visitors should see, e.g. the number or the address.
site-wechat-qr = A WeChat channel needs the text of its QR code.
site-response-range = Between 1 second and 30 days.
site-needs-default = Needs a text in the default language ({ $locale }).
site-locale-not-listed = “{ $value }” is not one of the content languages.
site-not-id = “{ $value }”: use 1 to 63 lower-case letters, digits and -, starting with a letter or digit.
site-not-link = “{ $value }” is not a link.
site-link-scheme = “{ $value }”: this channel links with { $schemes }.
site-not-phone = “{ $value }” has no phone number to call; give a link.
site-not-email = “{ $value }” is not an e-mail address; give a link.
site-not-whatsapp = “{ $value }” is not a WhatsApp number; give a link.
site-not-telegram = “{ $value }” is not a Telegram username; give a link.
site-needs-link = This kind of channel needs an https:// link.
faq-unknown-category = “{ $value }” is not one of the FAQ's categories.
faq-no-translation = Write the article in at least one language.
faq-answer-length = Write an answer of at most { $max } bytes.
site-no-working-days = Name at least one working day.
site-not-weekday = “{ $value }” is not a weekday; write mon, tue, wed, thu, fri, sat or sun.
site-unknown-category = “{ $value }” is not one of the feedback categories.
site-not-alert-email = “{ $value }” is not an e-mail address.
site-category-taken = “{ $value }” is used by another category.
