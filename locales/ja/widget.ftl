# Kefu ウィジェット — 日本語

launcher-open = お問い合わせ
launcher-close = お問い合わせパネルを閉じる
launcher-label = ヘルプ

panel-title = { $site }
panel-close = 閉じる
panel-loading = お問い合わせ方法を読み込んでいます…
panel-error = お問い合わせ方法を読み込めませんでした。インターネット接続をご確認ください。
panel-retry = 再試行
panel-powered = サポート提供：Kefu
panel-channels = お問い合わせ方法
panel-language = 言語
panel-fallback = このサイトの一部の内容は、まだお使いの言語では提供されていません。

channel-open-now = 受付中
channel-open-always = 24時間受付
channel-closed = 受付時間外
channel-closed-today-holiday = 本日休業（{ $holiday }）
channel-opens-at = { $when }から受付
channel-closes-at = { $when }まで
channel-replies-within = 通常 { $duration }以内に返信
channel-never-opens = 受付時間は未定です

duration-seconds = { $n } 秒
duration-minutes = { $n } 分
duration-hours = { $n } 時間
duration-days = { $n } 日

hours-toggle = 受付時間
hours-closed-day = 休業
hours-range = { $start }～{ $end }
hours-your-time = お使いのタイムゾーン（{ $zone }）の時刻で表示しています。
hours-promise = 受付時間内であれば、通常 { $duration }以内にご返信します。
hours-always = 年中無休・24時間受け付けています。

kind-phone = 電話をかける
kind-email = メールを送る
kind-chat = チャットを始める
kind-wechat = WeChat
kind-whatsapp = WhatsApp でメッセージを送る
kind-telegram = Telegram でメッセージを送る
kind-line = LINE でメッセージを送る
kind-kakao = KakaoTalk でメッセージを送る
kind-link = リンクを開く

qr-show = QR コードを表示
qr-alt = { $channel } の QR コード
qr-hint = スマートフォンの { $channel } で読み取ってください
opens-new-tab = （新しいタブで開きます）
