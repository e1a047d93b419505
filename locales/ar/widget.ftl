# أداة Kefu — العربية

launcher-open = تواصل معنا
launcher-close = إغلاق لوحة التواصل
launcher-label = المساعدة

panel-title = { $site }
panel-close = إغلاق
panel-loading = جارٍ تحميل وسائل التواصل…
panel-error = تعذّر تحميل وسائل التواصل. يُرجى التحقق من اتصالك بالإنترنت.
panel-retry = إعادة المحاولة
panel-powered = خدمة العملاء من Kefu
panel-channels = طرق التواصل معنا
panel-language = اللغة
panel-fallback = بعض نصوص هذا الموقع غير متاحة بلغتك بعد.

channel-open-now = متاح الآن
channel-open-always = متاح على مدار الساعة
channel-closed = مغلق
channel-closed-today-holiday = مغلق اليوم ({ $holiday })
channel-opens-at = يفتح { $when }
channel-closes-at = حتى { $when }
channel-replies-within = يرد عادةً خلال { $duration }
channel-never-opens = لا توجد ساعات عمل محددة

duration-seconds = { $n ->
    [zero] { $n } ثانية
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $n } ثوانٍ
    [many] { $n } ثانية
   *[other] { $n } ثانية
}
duration-minutes = { $n ->
    [zero] { $n } دقيقة
    [one] دقيقة واحدة
    [two] دقيقتين
    [few] { $n } دقائق
    [many] { $n } دقيقة
   *[other] { $n } دقيقة
}
duration-hours = { $n ->
    [zero] { $n } ساعة
    [one] ساعة واحدة
    [two] ساعتين
    [few] { $n } ساعات
    [many] { $n } ساعة
   *[other] { $n } ساعة
}
duration-days = { $n ->
    [zero] { $n } يوم
    [one] يوم واحد
    [two] يومين
    [few] { $n } أيام
    [many] { $n } يومًا
   *[other] { $n } يوم
}

hours-toggle = ساعات العمل
hours-closed-day = مغلق
hours-range = { $start }–{ $end }
hours-your-time = الأوقات معروضة حسب منطقتك الزمنية ({ $zone }).
hours-promise = نرد عادةً خلال { $duration } في أثناء ساعات العمل.
hours-always = متاحون على مدار الساعة طوال أيام الأسبوع.

kind-phone = اتصل بنا
kind-email = أرسل بريدًا إلكترونيًا
kind-chat = ابدأ محادثة
kind-wechat = WeChat
kind-whatsapp = راسلنا على WhatsApp
kind-telegram = راسلنا على Telegram
kind-line = راسلنا على LINE
kind-kakao = راسلنا على KakaoTalk
kind-link = افتح الرابط

qr-show = عرض رمز QR
qr-alt = رمز QR لـ { $channel }
qr-hint = امسحه ضوئيًا باستخدام { $channel } على هاتفك
opens-new-tab = (يُفتح في علامة تبويب جديدة)
