# Kefu 邮件 — 简体中文。

new-device-subject = 您的 Kefu 账号有新的登录
new-device-body =
    您的 Kefu 账号 { $email } 刚刚在一台从未使用过的设备或网络上登录：

      { $device }，网络 { $network }，时间 { $when }（UTC）。

    如果是您本人操作，无需处理。
    如果不是，请立即打开控制台，在“账号”页面退出其他设备并修改密码：{ $console }
