"""The administrators' pages: users (/admin) and the audit log (/admin/audit)."""

EN: dict[str, str] = {
    "nav.admin": "Users",
    "role.viewer": "viewer", "role.analyst": "analyst", "role.secretary": "secretary", "role.steward": "data steward", "role.admin": "administrator",
    "title.admin": "Users",
    "title.admin_audit": "Audit log",
    "admin.heading": "Users, roles and scopes",
    "admin.intro": "Local accounts are managed here or with export-monitor users; directory "
                   "accounts get their roles and scope from their groups at each sign-in. "
                   "Choose a row to edit it. A change ends that user's sessions.",
    "admin.col.name": "User", "admin.col.display": "Name", "admin.col.roles": "Roles",
    "admin.col.concerns": "Concerns", "admin.col.oblasts": "Oblasts",
    "admin.col.source": "Account", "admin.col.status": "Status",
    "admin.source.local": "local", "admin.source.ldap": "directory",
    "admin.status.on": "active", "admin.status.off": "disabled",
    "admin.all": "everything",
    "admin.f.name": "User name", "admin.f.display": "Full name",
    "admin.f.password": "Password (new users; or a new one)",
    "admin.f.roles": "Roles", "admin.f.concerns": "Scope: concerns",
    "admin.f.oblasts": "Scope: oblasts (Belarus)",
    "admin.b.create": "Create user", "admin.b.save": "Save roles and scope",
    "admin.b.passwd": "Set password", "admin.b.disable": "Disable", "admin.b.enable": "Enable",
    "admin.done.create": "User {name} created.", "admin.done.save": "Roles and scope of {name} saved.",
    "admin.done.passwd": "Password of {name} changed.", "admin.done.disable": "{name} disabled.",
    "admin.done.enable": "{name} enabled.",
    "admin.err.name": "Give the user name first (choose a row or type it).",
    "admin.audit.heading": "Audit log",
    "admin.audit.intro": "Every sign-in (and failed attempt), sign-out, download, handout, import, "
                         "agenda change and user or scope change, newest first. Append-only; "
                         "also export-monitor audit.",
    "admin.audit.actor": "User", "admin.audit.action": "Action",
    "admin.audit.col.at": "When (UTC)", "admin.audit.col.actor": "User",
    "admin.audit.col.action": "Action", "admin.audit.col.target": "What",
    "admin.audit.col.address": "From", "admin.audit.col.detail": "Detail",
}

RU: dict[str, str] = {
    "nav.admin": "Пользователи",
    "role.viewer": "наблюдатель", "role.analyst": "аналитик", "role.secretary": "секретарь", "role.steward": "ответственный за данные", "role.admin": "администратор",
    "title.admin": "Пользователи",
    "title.admin_audit": "Журнал аудита",
    "admin.heading": "Пользователи, роли и области доступа",
    "admin.intro": "Локальные учётные записи ведутся здесь или командой export-monitor users; "
                   "учётные записи домена получают роли и область доступа из своих групп при "
                   "каждом входе. Выберите строку, чтобы изменить её. Изменение завершает "
                   "сеансы пользователя.",
    "admin.col.name": "Пользователь", "admin.col.display": "Имя", "admin.col.roles": "Роли",
    "admin.col.concerns": "Концерны", "admin.col.oblasts": "Области",
    "admin.col.source": "Учётная запись", "admin.col.status": "Состояние",
    "admin.source.local": "локальная", "admin.source.ldap": "домен",
    "admin.status.on": "активна", "admin.status.off": "отключена",
    "admin.all": "всё",
    "admin.f.name": "Имя пользователя", "admin.f.display": "Полное имя",
    "admin.f.password": "Пароль (для нового пользователя или новый)",
    "admin.f.roles": "Роли", "admin.f.concerns": "Доступ: концерны",
    "admin.f.oblasts": "Доступ: области Беларуси",
    "admin.b.create": "Создать", "admin.b.save": "Сохранить роли и доступ",
    "admin.b.passwd": "Задать пароль", "admin.b.disable": "Отключить",
    "admin.b.enable": "Включить",
    "admin.done.create": "Пользователь {name} создан.",
    "admin.done.save": "Роли и доступ пользователя {name} сохранены.",
    "admin.done.passwd": "Пароль пользователя {name} изменён.",
    "admin.done.disable": "{name} отключён.", "admin.done.enable": "{name} включён.",
    "admin.err.name": "Сначала укажите имя пользователя (выберите строку или введите его).",
    "admin.audit.heading": "Журнал аудита",
    "admin.audit.intro": "Каждый вход (и неудачная попытка), выход, выгрузка, раздаточный "
                         "материал, загрузка данных, изменение повесток, пользователей и "
                         "доступа — новые сверху. Только дополняется; также "
                         "export-monitor audit.",
    "admin.audit.actor": "Пользователь", "admin.audit.action": "Действие",
    "admin.audit.col.at": "Когда (UTC)", "admin.audit.col.actor": "Пользователь",
    "admin.audit.col.action": "Действие", "admin.audit.col.target": "Что",
    "admin.audit.col.address": "Откуда", "admin.audit.col.detail": "Подробности",
}

DE: dict[str, str] = {
    "nav.admin": "Benutzer",
    "role.viewer": "Betrachter", "role.analyst": "Analyst", "role.secretary": "Sekretariat", "role.steward": "Datenverantwortlicher", "role.admin": "Administrator",
    "title.admin": "Benutzer",
    "title.admin_audit": "Prüfprotokoll",
    "admin.heading": "Benutzer, Rollen und Zugriffsbereiche",
    "admin.intro": "Lokale Konten werden hier oder mit export-monitor users verwaltet; "
                   "Verzeichniskonten erhalten Rollen und Bereich bei jeder Anmeldung aus "
                   "ihren Gruppen. Wählen Sie eine Zeile zum Bearbeiten. Eine Änderung beendet "
                   "die Sitzungen des Benutzers.",
    "admin.col.name": "Benutzer", "admin.col.display": "Name", "admin.col.roles": "Rollen",
    "admin.col.concerns": "Konzerne", "admin.col.oblasts": "Oblaste",
    "admin.col.source": "Konto", "admin.col.status": "Status",
    "admin.source.local": "lokal", "admin.source.ldap": "Verzeichnis",
    "admin.status.on": "aktiv", "admin.status.off": "gesperrt",
    "admin.all": "alles",
    "admin.f.name": "Benutzername", "admin.f.display": "Voller Name",
    "admin.f.password": "Passwort (neue Benutzer; oder ein neues)",
    "admin.f.roles": "Rollen", "admin.f.concerns": "Bereich: Konzerne",
    "admin.f.oblasts": "Bereich: Oblaste (Belarus)",
    "admin.b.create": "Benutzer anlegen", "admin.b.save": "Rollen und Bereich speichern",
    "admin.b.passwd": "Passwort setzen", "admin.b.disable": "Sperren",
    "admin.b.enable": "Entsperren",
    "admin.done.create": "Benutzer {name} angelegt.",
    "admin.done.save": "Rollen und Bereich von {name} gespeichert.",
    "admin.done.passwd": "Passwort von {name} geändert.", "admin.done.disable": "{name} gesperrt.",
    "admin.done.enable": "{name} entsperrt.",
    "admin.err.name": "Geben Sie zuerst den Benutzernamen an (Zeile wählen oder eintippen).",
    "admin.audit.heading": "Prüfprotokoll",
    "admin.audit.intro": "Jede Anmeldung (und jeder Fehlversuch), Abmeldung, jeder Download, "
                         "Handout, Import, jede Änderung an Agenden, Benutzern und Bereichen, "
                         "neueste zuerst. Nur anfügend; auch export-monitor audit.",
    "admin.audit.actor": "Benutzer", "admin.audit.action": "Aktion",
    "admin.audit.col.at": "Wann (UTC)", "admin.audit.col.actor": "Benutzer",
    "admin.audit.col.action": "Aktion", "admin.audit.col.target": "Was",
    "admin.audit.col.address": "Von", "admin.audit.col.detail": "Details",
}
