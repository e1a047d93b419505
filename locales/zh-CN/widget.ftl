# Kefu 挂件 — 简体中文

launcher-open = 联系我们
launcher-close = 关闭联系面板
launcher-label = 客服

panel-title = { $site }
panel-close = 关闭
panel-loading = 正在加载联系方式…
panel-error = 联系方式加载失败，请检查网络连接。
panel-retry = 重试
panel-powered = 由 Kefu 提供客服支持
panel-channels = 联系方式
panel-language = 语言
panel-fallback = 本网站的部分内容暂无您所用语言的版本。

channel-open-now = 服务中
channel-open-always = 全天候服务
channel-closed = 休息中
channel-closed-today-holiday = 今日休息（{ $holiday }）
channel-opens-at = { $when }开始服务
channel-closes-at = 服务至 { $when }
channel-replies-within = 通常在 { $duration }内回复
channel-never-opens = 暂无服务时间

duration-seconds = { $n } 秒
duration-minutes = { $n } 分钟
duration-hours = { $n } 小时
duration-days = { $n } 天

hours-toggle = 服务时间
hours-closed-day = 休息
hours-range = { $start }–{ $end }
hours-your-time = 以上为您所在时区（{ $zone }）的时间。
hours-promise = 服务时间内通常在 { $duration }内回复。
hours-always = 全年无休，全天候服务。

kind-phone = 拨打电话
kind-email = 发送邮件
kind-chat = 开始对话
kind-wechat = 微信
kind-whatsapp = 通过 WhatsApp 联系
kind-telegram = 通过 Telegram 联系
kind-line = 通过 LINE 联系
kind-kakao = 通过 KakaoTalk 联系
kind-link = 打开链接

qr-show = 显示二维码
qr-alt = { $channel }二维码
qr-hint = 请用手机{ $channel }扫码
opens-new-tab = （在新标签页打开）
