# Kefu 小工具 — 繁體中文（台灣）

launcher-open = 聯絡我們
launcher-close = 關閉聯絡面板
launcher-label = 客服

panel-title = { $site }
panel-close = 關閉
panel-loading = 正在載入聯絡方式…
panel-error = 無法載入聯絡方式，請檢查網路連線。
panel-retry = 重試
panel-powered = 由 Kefu 提供客服支援
panel-channels = 聯絡方式
panel-language = 語言
panel-fallback = 本網站的部分內容尚無您所用語言的版本。

channel-open-now = 服務中
channel-open-always = 全天候服務
channel-closed = 休息中
channel-closed-today-holiday = 今日休息（{ $holiday }）
channel-opens-at = { $when }開始服務
channel-closes-at = 服務至 { $when }
channel-replies-within = 通常在 { $duration }內回覆
channel-never-opens = 尚未排定服務時間

duration-seconds = { $n } 秒
duration-minutes = { $n } 分鐘
duration-hours = { $n } 小時
duration-days = { $n } 天

hours-toggle = 服務時間
hours-closed-day = 休息
hours-range = { $start }–{ $end }
hours-your-time = 以上為您所在時區（{ $zone }）的時間。
hours-promise = 服務時間內通常在 { $duration }內回覆。
hours-always = 全年無休，全天候服務。

kind-phone = 撥打電話
kind-email = 寄送電子郵件
kind-chat = 開始對話
kind-wechat = 微信
kind-whatsapp = 透過 WhatsApp 聯絡
kind-telegram = 透過 Telegram 聯絡
kind-line = 透過 LINE 聯絡
kind-kakao = 透過 KakaoTalk 聯絡
kind-link = 開啟連結

qr-show = 顯示 QR 碼
qr-alt = { $channel } QR 碼
qr-hint = 請用手機上的 { $channel } 掃描
opens-new-tab = （在新分頁開啟）
