"""Texts inside Dash's own controls (the dropdowns' select-all, search and empty list),
set on every dropdown by dashboard/presentation.py."""

EN: dict[str, str] = {
    "dropdown.select_all": "Select all",
    "dropdown.deselect_all": "Deselect all",
    "dropdown.selected_count": "{num_selected} selected",
    "dropdown.search": "Search",
    "dropdown.clear_search": "Clear search",
    "dropdown.clear_selection": "Clear selection",
    "dropdown.no_options_found": "Nothing found",
}

RU: dict[str, str] = {
    "dropdown.select_all": "Выбрать все",
    "dropdown.deselect_all": "Снять выбор",
    "dropdown.selected_count": "Выбрано: {num_selected}",
    "dropdown.search": "Поиск",
    "dropdown.clear_search": "Очистить поиск",
    "dropdown.clear_selection": "Очистить выбор",
    "dropdown.no_options_found": "Ничего не найдено",
}

DE: dict[str, str] = {
    "dropdown.select_all": "Alle auswählen",
    "dropdown.deselect_all": "Auswahl aufheben",
    "dropdown.selected_count": "{num_selected} ausgewählt",
    "dropdown.search": "Suchen",
    "dropdown.clear_search": "Suche löschen",
    "dropdown.clear_selection": "Auswahl löschen",
    "dropdown.no_options_found": "Nichts gefunden",
}
