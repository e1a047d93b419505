# Kefu 위젯 — 한국어

launcher-open = 문의하기
launcher-close = 문의 패널 닫기
launcher-label = 고객센터

panel-title = { $site }
panel-close = 닫기
panel-loading = 문의 방법을 불러오는 중…
panel-error = 문의 방법을 불러오지 못했습니다. 인터넷 연결을 확인해 주세요.
panel-retry = 다시 시도
panel-powered = Kefu 고객 지원
panel-channels = 문의 방법
panel-language = 언어
panel-fallback = 이 사이트의 일부 내용은 아직 사용하시는 언어로 제공되지 않습니다.

channel-open-now = 상담 가능
channel-open-always = 24시간 상담
channel-closed = 상담 시간 아님
channel-closed-today-holiday = 오늘 휴무({ $holiday })
channel-opens-at = { $when }부터 상담
channel-closes-at = { $when }까지
channel-replies-within = 보통 { $duration } 이내 답변
channel-never-opens = 정해진 상담 시간 없음

duration-seconds = { $n }초
duration-minutes = { $n }분
duration-hours = { $n }시간
duration-days = { $n }일

hours-toggle = 상담 시간
hours-closed-day = 휴무
hours-range = { $start }~{ $end }
hours-your-time = 고객님의 시간대({ $zone }) 기준 시각입니다.
hours-promise = 상담 시간에는 보통 { $duration } 이내에 답변해 드립니다.
hours-always = 연중무휴 24시간 상담해 드립니다.

kind-phone = 전화 걸기
kind-email = 이메일 보내기
kind-chat = 채팅 시작하기
kind-wechat = WeChat
kind-whatsapp = WhatsApp으로 메시지 보내기
kind-telegram = Telegram으로 메시지 보내기
kind-line = LINE으로 메시지 보내기
kind-kakao = 카카오톡으로 메시지 보내기
kind-link = 링크 열기

qr-show = QR 코드 보기
qr-alt = { $channel } QR 코드
qr-hint = 휴대폰의 { $channel } 앱으로 스캔하세요
opens-new-tab = (새 탭에서 열림)
