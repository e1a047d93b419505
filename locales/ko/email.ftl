# Kefu 이메일 — 한국어.

new-device-subject = Kefu 계정에 새로운 로그인이 있습니다
new-device-body =
    Kefu 계정 { $email }에 이전에 사용한 적 없는 기기나 네트워크에서 로그인했습니다:

      { $device }, 네트워크 { $network }, 일시 { $when }(UTC).

    본인이 로그인했다면 따로 하실 일은 없습니다.
    본인이 아니라면 지금 바로 콘솔을 열어 계정 페이지에서 다른 기기를 로그아웃하고 비밀번호를 변경하세요: { $console }

ticket-receipt-subject = 요청 { $reference }이(가) 접수되었습니다
ticket-receipt-body =
    안녕하세요.

    { $site }에 문의해 주셔서 감사합니다. ‘{ $subject }’ 요청이 접수되었습니다.

      접수 번호: { $reference }
      처리 결과 안내 기한: { $due }

    요청 진행 상황을 확인하고 답장하려면 여기를 이용하세요(이 링크는 본인만 사용하세요):
    { $link }

    새 소식이 있으면 이 주소로도 알려 드리겠습니다.

ticket-reply-subject = 요청 { $reference }에 새 답장이 있습니다
ticket-reply-body =
    { $site }에서 ‘{ $subject }’ 요청({ $reference })에 답장했습니다:

    { $message }

    전체 대화를 읽고 답장하려면 여기를 이용하세요:
    { $link }

ticket-resolved-subject = 요청 { $reference }이(가) 해결되었습니다
ticket-resolved-body =
    { $site }에 보내신 ‘{ $subject }’ 요청({ $reference })이 해결되었습니다. 처리 결과:

    { $outcome }

    만족하셨나요? 여기에서 1~5점으로 평가해 주세요:
    { $link }

    해결되지 않았다면 { $days }일 이내에 그 페이지에서 답장해 주세요. 다시 처리해 드리겠습니다.

ticket-urgent-subject = 긴급 요청 { $reference }: { $subject }
ticket-urgent-body =
    { $site }에 긴급 요청이 도착했습니다.

      접수 번호: { $reference }
      유형: { $category }
      제목: { $subject }
      기한: { $due }

    콘솔에서 열기: { $console }

ticket-recover-subject = { $site }에 보낸 요청
ticket-recover-body =
    누군가(본인이시길 바랍니다) 이 이메일 주소로 { $site }에 보낸 요청을 보여 달라고 요청했습니다.

    요청을 확인할 브라우저에서 이 링크를 여세요(1시간 이내에 한 번만 사용할 수 있습니다):

    { $link }

    요청하신 적이 없다면 이 이메일을 무시하셔도 됩니다. 아무것도 바뀌지 않습니다.

chat-transcript-subject = { $site } 상담 내용
chat-transcript-body =
    안녕하세요.

    요청하신 { $site } 상담 내용입니다:

    { $transcript }
    문의해 주셔서 감사합니다.
chat-transcript-you = 나
chat-transcript-team = 고객지원팀
chat-transcript-image = [이미지]
