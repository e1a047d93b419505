# Kefu 電子郵件 — 繁體中文（台灣）。

new-device-subject = 您的 Kefu 帳號有新的登入
new-device-body =
    您的 Kefu 帳號 { $email } 剛剛從一台未曾使用過的裝置或網路登入：

      { $device }，網路 { $network }，時間 { $when }（UTC）。

    如果是您本人操作，無需處理。
    如果不是，請立即開啟控制台，在「帳號」頁面登出其他裝置並變更密碼：{ $console }

ticket-receipt-subject = 我們已收到您的案件 { $reference }
ticket-receipt-body =
    您好：

    感謝您聯絡{ $site }。我們已收到您的案件「{ $subject }」。

      案件編號：{ $reference }
      處理結果公布期限：{ $due }

    您可以在這裡追蹤進度並回覆（請勿將此連結轉給他人）：
    { $link }

    有新進度時，我們也會寄信通知您。

ticket-reply-subject = 您的案件 { $reference } 有新回覆
ticket-reply-body =
    { $site }回覆了您的案件「{ $subject }」（{ $reference }）：

    { $message }

    在這裡閱讀完整對話並回覆：
    { $link }

ticket-resolved-subject = 您的案件 { $reference } 已解決
ticket-resolved-body =
    您向{ $site }提出的案件「{ $subject }」（{ $reference }）已解決。處理結果：

    { $outcome }

    您滿意嗎？請在這裡給 1 到 5 分的評分：
    { $link }

    如果問題仍未解決，請在 { $days } 天內於該頁面回覆，我們會重新處理。

ticket-urgent-subject = 緊急案件 { $reference }：{ $subject }
ticket-urgent-body =
    { $site }收到一件緊急案件。

      案件編號：{ $reference }
      類型：{ $category }
      主旨：{ $subject }
      期限：{ $due }

    在控制台開啟：{ $console }

ticket-recover-subject = 您向{ $site }提出的案件
ticket-recover-body =
    有人（希望是您本人）要求查看以此電子郵件地址向{ $site }提出的案件。

    請在您想追蹤案件的瀏覽器中開啟此連結（限一小時內使用一次）：

    { $link }

    如果這不是您提出的要求，請忽略這封信，不會有任何變更。

chat-transcript-subject = 您與{ $site }的對話紀錄
chat-transcript-body =
    您好：

    以下是您要求的與{ $site }的對話紀錄：

    { $transcript }
    感謝您與我們聯絡。
chat-transcript-you = 您
chat-transcript-team = 客服團隊
chat-transcript-image = [圖片]
