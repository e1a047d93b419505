# Kefu 服务器消息 — 简体中文：站点设置未通过校验的原因。

site-syntax = { $detail }
site-no-locales = 请至少列出一种语言，例如 en。
site-not-locale = “{ $value }”不是语言标签，应类似 en 或 zh-CN。
site-write-instead = 请写作“{ $fix }”，而不是“{ $value }”。
site-listed-twice = “{ $value }”重复列出。
site-default-not-listed = 默认语言“{ $value }”必须是内容语言之一。
site-not-time-zone = “{ $value }”不是时区，应类似 Asia/Shanghai。
site-too-many = 最多 { $max } 项。
site-not-origin = “{ $value }”不是网站来源，应类似 https://www.example.com（不带路径）。
site-not-colour = “{ $value }”不是 #rrggbb 格式的颜色。
site-range = 请填写 { $min } 到 { $max } 之间的数字。
site-id-taken = “{ $value }”已被另一个渠道使用。
site-length = 需要 1 到 { $max } 个字符。
site-value-missing = 请填写访客看到的内容，例如号码或地址。
site-wechat-qr = 微信渠道需要填写二维码内容。
site-response-range = 需在 1 秒到 30 天之间。
site-needs-default = 需要默认语言（{ $locale }）的文字。
site-locale-not-listed = “{ $value }”不是内容语言之一。
site-not-id = “{ $value }”：请使用 1 到 63 个小写字母、数字和 -，以字母或数字开头。
site-not-link = “{ $value }”不是链接。
site-link-scheme = “{ $value }”：此渠道的链接须以 { $schemes } 开头。
site-not-phone = “{ $value }”中没有可拨打的电话号码；请填写链接。
site-not-email = “{ $value }”不是电子邮件地址；请填写链接。
site-not-whatsapp = “{ $value }”不是 WhatsApp 号码；请填写链接。
site-not-telegram = “{ $value }”不是 Telegram 用户名；请填写链接。
site-needs-link = 此类渠道需要填写 https:// 链接。
