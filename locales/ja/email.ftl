# Kefu のメール — 日本語。

new-device-subject = Kefu アカウントへの新しいログイン
new-device-body =
    Kefu アカウント { $email } に、これまで使われたことのない端末またはネットワークからログインがありました：

      { $device }、ネットワーク { $network }、日時 { $when }（UTC）。

    ご本人によるログインであれば、対応は不要です。
    心当たりがない場合は、すぐにコンソールを開き、「アカウント」ページでほかの端末をログアウトしてから、パスワードを変更してください：{ $console }

ticket-receipt-subject = ご依頼 { $reference } を受け付けました
ticket-receipt-body =
    こんにちは。

    { $site } へのお問い合わせありがとうございます。ご依頼「{ $subject }」を受け付けました。

      受付番号：{ $reference }
      対応結果のお知らせ期限：{ $due }

    ご依頼の状況確認と返信はこちらから（このリンクはご自身だけでお使いください）：
    { $link }

    進展があれば、こちらのアドレスにもご連絡します。

ticket-reply-subject = ご依頼 { $reference } に新しい返信があります
ticket-reply-body =
    { $site } から、ご依頼「{ $subject }」（{ $reference }）に返信がありました：

    { $message }

    やり取りの全体の確認とご返信はこちらから：
    { $link }

ticket-resolved-subject = ご依頼 { $reference } は解決しました
ticket-resolved-body =
    { $site } へのご依頼「{ $subject }」（{ $reference }）は解決しました。対応結果：

    { $outcome }

    ご満足いただけましたか？ こちらから 1～5 で評価してください：
    { $link }

    まだ解決していない場合は、{ $days } 日以内にそのページからご返信ください。あらためて対応いたします。

ticket-urgent-subject = 緊急のご依頼 { $reference }：{ $subject }
ticket-urgent-body =
    { $site } に緊急のご依頼が届きました。

      受付番号：{ $reference }
      種類：{ $category }
      件名：{ $subject }
      期限：{ $due }

    コンソールで開く：{ $console }

ticket-recover-subject = { $site } へのご依頼
ticket-recover-body =
    このメールアドレスで { $site } に送られたご依頼を表示するよう、どなたか（おそらくご本人）からリクエストがありました。

    ご依頼を確認したいブラウザで、次のリンクを開いてください（1 時間以内に 1 回だけ使えます）：

    { $link }

    お心当たりがない場合は、このメールを無視してください。何も変更されません。

chat-transcript-subject = { $site } とのチャット
chat-transcript-body =
    こんにちは。

    ご依頼のとおり、{ $site } とのチャットの記録をお送りします：

    { $transcript }
    お問い合わせいただきありがとうございました。
chat-transcript-you = あなた
chat-transcript-team = サポートチーム
chat-transcript-image = [画像]
