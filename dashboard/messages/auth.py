"""The sign-in page, the header's user line and the refusals of access control
(dashboard/auth)."""

EN: dict[str, str] = {
    "auth.title": "Sign in",
    "auth.lead": "Export Monitor shows the data your body is entitled to. Sign in with "
                 "your account (or your directory account, where your administrator set "
                 "one up).",
    "auth.name": "User name",
    "auth.password": "Password",
    "auth.submit": "Sign in",
    "auth.wrong": "The user name or the password is wrong, or the account is disabled.",
    "auth.limited": "Too many sign-in attempts. Wait {wait} and try again; if you have "
                    "forgotten your password, ask your administrator.",
    "auth.expired": "Your session has ended (unused for too long, or signed out "
                    "elsewhere). Sign in again.",
    "auth.signed_out": "You are signed out.",
    "auth.directory_down": "The directory server does not answer, so directory accounts "
                           "cannot sign in now. Local accounts still can; try again later.",
    "auth.csrf": "This form has expired or did not come from this site. Reload the page "
                 "and try again; nothing was changed.",
    "auth.sign_out": "Sign out",
    "auth.local_mode": "local mode",
    "auth.local_mode_hint": "Local mode: one user on this computer, no sign-in. A server "
                            "asks everyone to sign in.",
    "auth.minutes": "{n} min",
    "auth.sign_in_first": "Sign in first: this server needs a signed-in user.",
    "auth.refused": "Your roles ({roles}) do not allow this ({permission}). Ask an "
                    "administrator.",
    "auth.not_permitted": "This page needs the role “{role}”. Your roles: {roles}. Ask an "
                          "administrator.",
}

RU: dict[str, str] = {
    "auth.title": "Вход",
    "auth.lead": "Монитор экспорта показывает данные, доступные вашей организации. "
                 "Войдите под своей учётной записью (или учётной записью домена, если её "
                 "настроил администратор).",
    "auth.name": "Имя пользователя",
    "auth.password": "Пароль",
    "auth.submit": "Войти",
    "auth.wrong": "Неверное имя пользователя или пароль, либо учётная запись отключена.",
    "auth.limited": "Слишком много попыток входа. Подождите {wait} и попробуйте снова; "
                    "если вы забыли пароль, обратитесь к администратору.",
    "auth.expired": "Сеанс завершён (долго не использовался или был закрыт в другом "
                    "месте). Войдите снова.",
    "auth.signed_out": "Вы вышли из системы.",
    "auth.directory_down": "Сервер каталога не отвечает, поэтому учётные записи домена "
                           "сейчас не могут войти. Локальные учётные записи могут; "
                           "попробуйте позже.",
    "auth.csrf": "Форма устарела или открыта не с этого сайта. Обновите страницу и "
                 "попробуйте снова; ничего не изменено.",
    "auth.sign_out": "Выйти",
    "auth.local_mode": "локальный режим",
    "auth.local_mode_hint": "Локальный режим: один пользователь на этом компьютере, без "
                            "входа. На сервере вход обязателен для всех.",
    "auth.minutes": "{n} мин.",
    "auth.sign_in_first": "Сначала войдите: этот сервер работает только для вошедших "
                          "пользователей.",
    "auth.refused": "Ваши роли ({roles}) этого не позволяют ({permission}). Обратитесь к "
                    "администратору.",
    "auth.not_permitted": "Для этой страницы нужна роль «{role}». Ваши роли: {roles}. "
                          "Обратитесь к администратору.",
}

DE: dict[str, str] = {
    "auth.title": "Anmelden",
    "auth.lead": "Der Exportmonitor zeigt die Daten, für die Ihre Stelle berechtigt ist. "
                 "Melden Sie sich mit Ihrem Konto an (oder mit Ihrem Verzeichniskonto, wo "
                 "Ihr Administrator es eingerichtet hat).",
    "auth.name": "Benutzername",
    "auth.password": "Passwort",
    "auth.submit": "Anmelden",
    "auth.wrong": "Benutzername oder Passwort ist falsch, oder das Konto ist gesperrt.",
    "auth.limited": "Zu viele Anmeldeversuche. Warten Sie {wait} und versuchen Sie es "
                    "erneut; wenn Sie Ihr Passwort vergessen haben, fragen Sie Ihren "
                    "Administrator.",
    "auth.expired": "Ihre Sitzung ist beendet (zu lange unbenutzt oder anderswo "
                    "abgemeldet). Melden Sie sich erneut an.",
    "auth.signed_out": "Sie sind abgemeldet.",
    "auth.directory_down": "Der Verzeichnisserver antwortet nicht; Verzeichniskonten "
                           "können sich gerade nicht anmelden. Lokale Konten schon; "
                           "versuchen Sie es später.",
    "auth.csrf": "Dieses Formular ist abgelaufen oder stammt nicht von dieser Seite. Laden "
                 "Sie die Seite neu und versuchen Sie es erneut; nichts wurde geändert.",
    "auth.sign_out": "Abmelden",
    "auth.local_mode": "lokaler Modus",
    "auth.local_mode_hint": "Lokaler Modus: ein Benutzer auf diesem Rechner, ohne "
                            "Anmeldung. Ein Server verlangt von allen eine Anmeldung.",
    "auth.minutes": "{n} Min.",
    "auth.sign_in_first": "Bitte zuerst anmelden: dieser Server dient nur angemeldeten "
                          "Benutzern.",
    "auth.refused": "Ihre Rollen ({roles}) erlauben das nicht ({permission}). Fragen Sie "
                    "einen Administrator.",
    "auth.not_permitted": "Diese Seite erfordert die Rolle „{role}“. Ihre Rollen: {roles}. "
                          "Fragen Sie einen Administrator.",
}
