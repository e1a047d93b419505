# Kefu 邮件 — 简体中文。

new-device-subject = 您的 Kefu 账号有新的登录
new-device-body =
    您的 Kefu 账号 { $email } 刚刚在一台从未使用过的设备或网络上登录：

      { $device }，网络 { $network }，时间 { $when }（UTC）。

    如果是您本人操作，无需处理。
    如果不是，请立即打开控制台，在“账号”页面退出其他设备并修改密码：{ $console }

ticket-receipt-subject = 我们已收到您的请求 { $reference }
ticket-receipt-body =
    您好：

    感谢您联系{ $site }。我们已收到您的请求“{ $subject }”。

      编号：{ $reference }
      处理结果公布期限：{ $due }

    在这里查看进度并回复（请勿将此链接转给他人）：
    { $link }

    有新进展时，我们也会发邮件通知您。

ticket-reply-subject = 您的请求 { $reference } 有新回复
ticket-reply-body =
    { $site }回复了您的请求“{ $subject }”（{ $reference }）：

    { $message }

    在这里查看完整对话并回复：
    { $link }

ticket-resolved-subject = 您的请求 { $reference } 已处理完毕
ticket-resolved-body =
    您向{ $site }提交的请求“{ $subject }”（{ $reference }）已处理完毕。处理结果：

    { $outcome }

    您对处理结果满意吗？请在这里打分（1 到 5 分）：
    { $link }

    如果问题仍未解决，请在 { $days } 天内在那里回复，我们会继续跟进。

ticket-urgent-subject = 紧急请求 { $reference }：{ $subject }
ticket-urgent-body =
    { $site }收到一条紧急请求。

      编号：{ $reference }
      类别：{ $category }
      主题：{ $subject }
      期限：{ $due }

    在控制台中打开：{ $console }

ticket-recover-subject = 您在{ $site }提交的请求
ticket-recover-body =
    有人（希望是您本人）申请查看用此邮箱地址向{ $site }提交的请求。

    请在您想查看请求的浏览器中打开以下链接（一小时内有效，仅可使用一次）：

    { $link }

    如果这不是您本人的操作，请忽略此邮件，不会有任何变化。

chat-transcript-subject = 您与{ $site }的对话记录
chat-transcript-body =
    您好：

    以下是您与{ $site }的在线客服对话记录：

    { $transcript }
    感谢您的咨询。
chat-transcript-you = 您
chat-transcript-team = 客服团队
chat-transcript-image = [图片]
