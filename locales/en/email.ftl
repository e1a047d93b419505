# Kefu e-mails — English (the reference locale).

new-device-subject = New sign-in to your Kefu account
new-device-body =
    Someone signed in to your Kefu account { $email } from a device or network not seen before:

      { $device }, network { $network }, at { $when } (UTC).

    If this was you, there is nothing to do.
    If it was not, open the console now, sign out the other devices on your Account page,
    and change your password: { $console }
