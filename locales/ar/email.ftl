# رسائل Kefu الإلكترونية — العربية.

new-device-subject = تسجيل دخول جديد إلى حسابك في Kefu
new-device-body =
    سجّل أحدهم الدخول إلى حسابك في Kefu ‏{ $email } من جهاز أو شبكة لم تُستخدم من قبل:

      { $device }، الشبكة { $network }، في { $when } (UTC).

    إذا كنت أنت، فلا داعي لأي إجراء.
    وإن لم تكن أنت، فافتح وحدة التحكم الآن، وسجّل الخروج من الأجهزة الأخرى من صفحة الحساب، ثم غيّر كلمة المرور: { $console }

ticket-receipt-subject = استلمنا طلبك { $reference }
ticket-receipt-body =
    مرحبًا،

    شكرًا لتواصلك مع { $site }. لقد استلمنا طلبك «{ $subject }».

      الرقم المرجعي: { $reference }
      سننشر النتيجة بحلول: { $due }

    تابع طلبك ورُدّ عليه من هنا (احتفظ بهذا الرابط لنفسك):
    { $link }

    وسنراسلك هنا أيضًا عند وجود مستجدات.

ticket-reply-subject = رد جديد على طلبك { $reference }
ticket-reply-body =
    ردّ { $site } على طلبك «{ $subject }» ({ $reference }):

    { $message }

    اقرأ المحادثة كاملة ورُدّ من هنا:
    { $link }

ticket-resolved-subject = تم حل طلبك { $reference }
ticket-resolved-body =
    تم حل طلبك «{ $subject }» ({ $reference }) المرسل إلى { $site }. النتيجة:

    { $outcome }

    ما مدى رضاك؟ قيّم الحل من 1 إلى 5 هنا:
    { $link }

    إذا لم يحل هذا مشكلتك، فرُدّ هناك خلال { $days } يومًا وسنعيد النظر فيه.

ticket-urgent-subject = طلب عاجل { $reference }: { $subject }
ticket-urgent-body =
    وصل طلب عاجل إلى { $site }.

      الرقم المرجعي: { $reference }
      الفئة: { $category }
      العنوان: { $subject }
      الموعد النهائي: { $due }

    افتحه في وحدة التحكم: { $console }

ticket-recover-subject = طلباتك إلى { $site }
ticket-recover-body =
    طلب أحدهم (ونأمل أن تكون أنت) عرض الطلبات المرسلة إلى { $site } بعنوان البريد الإلكتروني هذا.

    افتح هذا الرابط في المتصفح الذي تريد متابعتها منه (يعمل مرة واحدة خلال ساعة):

    { $link }

    إذا لم تطلب ذلك، فتجاهل هذه الرسالة: لن يتغير شيء.

chat-transcript-subject = محادثتك مع { $site }
chat-transcript-body =
    مرحبًا،

    إليك نص محادثتك مع { $site } كما طلبت:

    { $transcript }
    شكرًا لتواصلك معنا.
chat-transcript-you = أنت
chat-transcript-team = فريق الدعم
chat-transcript-image = [صورة]
