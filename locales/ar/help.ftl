# وحدة المساعدة في Kefu (الأسئلة الشائعة والملاحظات) — العربية.

faq-search-label = ابحث في مقالات المساعدة
faq-search-placeholder = ابحث عن إجابة…
faq-popular = المقالات الأكثر قراءة
faq-results = المقالات
faq-result-count = { $count ->
    [zero] لم يُعثر على أي مقالة
    [one] تم العثور على مقالة واحدة
    [two] تم العثور على مقالتين
    [few] تم العثور على { $count } مقالات
    [many] تم العثور على { $count } مقالة
   *[other] تم العثور على { $count } مقالة
}
faq-no-results = لا توجد مقالات تطابق «{ $query }».
faq-still-need-help = هل ما زلت بحاجة إلى مساعدة؟
faq-contact-us = تواصل معنا
faq-back = العودة إلى المقالات
faq-fallback = هذه المقالة غير متاحة بلغتك بعد.
faq-helpful-question = هل كانت هذه المقالة مفيدة؟
faq-helpful-yes = نعم
faq-helpful-no = لا
faq-helpful-thanks = شكرًا على ملاحظاتك!
faq-suggest-heading = قد تجيب هذه المقالات عن سؤالك
faq-suggest-count = { $count ->
    [zero] لا توجد مقالات مساعدة تجيب عن سؤالك.
    [one] قد تجيب مقالة مساعدة واحدة عن سؤالك.
    [two] قد تجيب مقالتا مساعدة عن سؤالك.
    [few] قد تجيب { $count } مقالات مساعدة عن سؤالك.
    [many] قد تجيب { $count } مقالة مساعدة عن سؤالك.
   *[other] قد تجيب { $count } مقالة مساعدة عن سؤالك.
}

# وسم لغة هذه النصوص (تنسّق الوحدة التواريخ به).
help-locale = ar

feedback-title = الملاحظات
feedback-intro = أبلغنا عن مشكلة أو شاركنا فكرة. ننشر نتيجة كل طلب خلال { $days } أيام عمل.
feedback-open = أرسل ملاحظاتك
feedback-back = رجوع
feedback-form-title = أرسل ملاحظاتك
feedback-category = الموضوع
feedback-category-bug = شيء لا يعمل
feedback-category-suggestion = اقتراح
feedback-category-complaint = شكوى
feedback-category-question = سؤال
feedback-category-other = أمر آخر
feedback-subject = العنوان
feedback-description = رسالتك
feedback-description-hint = ماذا فعلت، وماذا كنت تتوقع، وماذا حدث بدلًا من ذلك؟
feedback-email = البريد الإلكتروني (اختياري)
feedback-email-hint = سنراسلك عليه عند وجود أي مستجدات بشأن طلبك.
feedback-urgency = ما مدى استعجالك؟
feedback-urgency-low = يمكنه الانتظار
feedback-urgency-normal = عادي
feedback-urgency-high = عاجل
feedback-attachment = لقطة شاشة (اختياري)
feedback-attachment-hint = صورة بصيغة PNG أو JPEG أو GIF أو WebP لا يتجاوز حجمها 2 ميغابايت.
feedback-submit = إرسال
feedback-sending = جارٍ الإرسال…
feedback-error-required = يُرجى ملء هذا الحقل.
feedback-error-too-long = يُرجى اختصار النص إلى { $max } حرف كحد أقصى.
feedback-error-email = يُرجى إدخال عنوان بريد إلكتروني مثل name@example.com.
feedback-error-consent = يُرجى الموافقة على الشروط لإرسال طلبك.
feedback-error-image-type = يُرجى اختيار صورة بصيغة PNG أو JPEG أو GIF أو WebP.
feedback-error-image-size = يُرجى اختيار صورة لا يتجاوز حجمها 2 ميغابايت.
feedback-error-rate = لقد أرسلت عدة طلبات في وقت قصير. حُفظ هذا الطلب وسيُرسل بعد { $seconds } ثانية.
feedback-error-failed = تعذّر الإرسال: { $message }
feedback-pending = أنت غير متصل بالإنترنت. طلبك محفوظ على هذا الجهاز وسيُرسل فور عودة الاتصال، حتى لو أغلقت هذه الصفحة.
feedback-retrying = يتعذّر علينا الوصول إلى الخادم حاليًا. طلبك محفوظ على هذا الجهاز وسنواصل المحاولة.
feedback-sent-title = شكرًا لك! لقد استلمنا طلبك.
feedback-reference = الرقم المرجعي لطلبك:
feedback-due = سننشر النتيجة بحلول { $date }.
feedback-sent-hint = احتفظ بالرقم المرجعي. وسنراسلك أيضًا إذا أدخلت بريدك الإلكتروني.
feedback-done = تم
feedback-outbox = { $count ->
    [zero] لا توجد طلبات محفوظة على هذا الجهاز بانتظار الإرسال.
    [one] يوجد طلب واحد محفوظ على هذا الجهاز بانتظار الإرسال.
    [two] يوجد طلبان محفوظان على هذا الجهاز بانتظار الإرسال.
    [few] توجد { $count } طلبات محفوظة على هذا الجهاز بانتظار الإرسال.
    [many] يوجد { $count } طلبًا محفوظًا على هذا الجهاز بانتظار الإرسال.
   *[other] يوجد { $count } طلب محفوظ على هذا الجهاز بانتظار الإرسال.
}
feedback-discard = تجاهل
feedback-my-requests = طلباتي
feedback-back-to-list = كل طلباتي
feedback-list-empty = لم ترسل أي طلبات من هذا المتصفح بعد.
feedback-loading = جارٍ التحميل…
feedback-load-failed = تعذّر تحميل طلباتك الآن. يُرجى المحاولة مرة أخرى بعد قليل.
feedback-unread-badge = جديد
feedback-due-short = النتيجة متوقعة في { $date }
feedback-status-new = تم الاستلام
feedback-status-triaged = قيد المراجعة
feedback-status-in-progress = قيد المعالجة
feedback-status-waiting-for-visitor = بانتظار ردك
feedback-status-resolved = تم الحل
feedback-status-closed = مغلق
feedback-outcome = النتيجة
feedback-thread = الرسائل
feedback-author-visitor = أنت
feedback-author-agent = فريق الدعم
feedback-reply-label = ردك
feedback-reply-send = إرسال الرد
feedback-reply-failed = لم يُرسل ردك: يتعذّر الوصول إلى الخادم. اضغط «إرسال الرد» مرة أخرى لإعادة المحاولة.
feedback-closed-note = هذا الطلب مغلق. إذا كنت لا تزال بحاجة إلى مساعدة، فيُرجى إرسال طلب جديد.
feedback-rate-question = ما مدى رضاك عن طريقة معالجتنا لهذا الطلب؟
feedback-score-1 = غير راضٍ إطلاقًا
feedback-score-2 = غير راضٍ
feedback-score-3 = محايد
feedback-score-4 = راضٍ
feedback-score-5 = راضٍ جدًا
feedback-rate-comment = هل تود إخبارنا بشيء آخر؟ (اختياري)
feedback-rate-send = إرسال التقييم
feedback-rate-choose = يُرجى اختيار تقييم من 1 إلى 5 أولًا.
feedback-rated = قيّمت هذا الطلب بـ { $score } من 5. شكرًا لك!
feedback-recover-intro = هل أرسلت طلبًا من جهاز أو متصفح آخر؟ يمكننا أن نرسل إليك رابطًا بالبريد الإلكتروني لعرضه هنا.
feedback-recover-email = عنوان بريدك الإلكتروني
feedback-recover-send = أرسل لي رابطًا
feedback-recover-sent = إذا كانت هناك طلبات مرسلة بهذا العنوان، فالرابط في طريقه إليك. يعمل الرابط مرة واحدة خلال ساعة.
feedback-recover-wait = يُرجى الانتظار { $seconds } ثانية قبل الطلب مرة أخرى.
feedback-recover-unavailable = لا يمكن لهذا الموقع إرسال روابط بالبريد الإلكتروني. يُرجى فتح هذه الصفحة في المتصفح الذي أرسلت منه طلبك.

## سؤال NPS للزوار العائدين (بطاقة بجوار زر التشغيل)
nps-question = ما مدى احتمال أن توصي بنا لصديق أو زميل؟
nps-low = 0: غير محتمل إطلاقًا
nps-high = 10: محتمل جدًا
nps-why = ما السبب الرئيسي لتقييمك؟ (اختياري)
nps-send = إرسال
nps-sending = جارٍ الإرسال…
nps-thanks = شكرًا لك! إجابتك تساعدنا على التحسن.
nps-failed = تعذّر إرسال إجابتك. يُرجى الضغط على «إرسال» مرة أخرى.
nps-later = ليس الآن
nps-close = إغلاق هذا السؤال

## الدردشة المباشرة
chat-title = الدردشة المباشرة
chat-home-online = نحن متصلون الآن. نرد عادةً خلال { $duration }.
chat-home-away = لا يوجد أحد متصل حاليًا. اترك لنا رسالة وسنرد عليك بالبريد الإلكتروني.
chat-home-closed = الدردشة مغلقة حاليًا. اترك لنا رسالة وسنرد عليك بالبريد الإلكتروني.
chat-home-reply = نرد خلال { $days ->
    [zero] يوم عمل
    [one] يوم عمل واحد
    [two] يومَي عمل
    [few] { $days } أيام عمل
    [many] { $days } يوم عمل
   *[other] { $days } يوم عمل
}.
chat-home-ongoing = لديك محادثة جارية.
chat-start = ابدأ محادثة
chat-continue = تابع المحادثة
chat-leave = اترك رسالة
chat-back = رجوع
chat-status-online = متصل · يرد عادةً خلال { $duration }
chat-status-away = لا يوجد أحد متصل حاليًا
chat-reconnecting = جارٍ إعادة الاتصال…
chat-unavailable = الدردشة غير متاحة في هذه الصفحة.
chat-name = اسمك
chat-email = بريدك الإلكتروني
chat-input = الرسالة
chat-input-hint = اكتب رسالتك…
chat-send = إرسال
chat-you = أنت
chat-team = فريق الدعم
chat-sending = جارٍ الإرسال…
chat-delivered = تم التسليم
chat-read = تمت القراءة
chat-failed = لم تُرسل
chat-image = صورة
chat-image-send = إرسال صورة
chat-image-type = يمكن إرسال صور PNG وJPEG وGIF وWebP فقط.
chat-image-large = حجم هذه الصورة أكبر من 2 ميغابايت. يُرجى إرسال صورة أصغر.
chat-retry = إعادة المحاولة
chat-typing = { $name } يكتب الآن…
chat-typing-team = الفريق يكتب الآن…
chat-late = نعتذر، لم يرد عليك أحد بعد. قد تساعدك هذه المقالات، أو اترك لنا رسالة وسنرد عليك بالبريد الإلكتروني.
chat-keep-waiting = مواصلة الانتظار
chat-ended = انتهت هذه المحادثة.
chat-rate-question = ما رأيك في هذه المحادثة؟
chat-rate-score = { $score } من 5
chat-rate-low = سيئة
chat-rate-high = ممتازة
chat-rate-sending = جارٍ إرسال تقييمك…
chat-rate-thanks = شكرًا على تقييمك!
chat-transcript-label = أرسل لي نص المحادثة بالبريد الإلكتروني
chat-transcript-send = إرسال
chat-transcript-sending = جارٍ الإرسال…
chat-transcript-sent = أرسلنا نص المحادثة إلى { $email }.
chat-transcript-unavailable = لا يمكن لهذا الموقع إرسال نصوص المحادثات بالبريد الإلكتروني.
chat-blocked = لا يمكنك بدء محادثة هنا. يُرجى ترك رسالة بدلًا من ذلك.
chat-new = ابدأ محادثة جديدة
chat-error = حدث خطأ ما. يُرجى المحاولة مرة أخرى.
chat-error-empty = يُرجى كتابة رسالة أولًا.
chat-error-long = لا يمكن أن تتجاوز الرسالة { $max } حرف.
chat-error-wait = أنت ترسل الرسائل بسرعة كبيرة. يُرجى الانتظار { $seconds } ثانية.
chat-error-email = يُرجى إدخال عنوان بريد إلكتروني صالح.

## The site's terms of service and privacy notice
terms-link-terms = شروط الخدمة
terms-link-privacy = إشعار الخصوصية
terms-read-title = الشروط والخصوصية
terms-gate-title = قبل المتابعة
terms-gate-text = يُرجى قراءة شروط الخدمة وإشعار الخصوصية والموافقة عليهما. لن تحتاج إلى ذلك إلا مرة واحدة.
terms-update-title = تغيّرت شروطنا
terms-update-text = حدّثناها في { $date }. ما الذي تغيّر:
terms-fallback = هذا النص غير متاح بلغتك بعد.
terms-version = الإصدار { $version }
terms-accept = موافقة ومتابعة
terms-not-now = ليس الآن
terms-close = إغلاق
terms-error = تعذّر حفظ موافقتك. يُرجى المحاولة مرة أخرى.
