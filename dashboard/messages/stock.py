"""Messages of the Warehouse stock page (/stock)."""

EN: dict[str, str] = {
    "nav.stock": "Warehouse stock",
    "title.stock": "Export Monitor — Warehouse stock",
    "stock.level.concern": "Concerns",
    "stock.level.enterprise": "Enterprises",
    "stock.level.subject": "Distribution subjects",
    "stock.level.district": "Federal districts",
    "stock.level.region": "Russian regions",
    "stock.crumb.all": "All concerns",
    "stock.crumb.russia": "Russia",
    "stock.kind.trading_house": "Trading house",
    "stock.kind.dealer": "Dealer",
    "stock.kind.warehouse": "Warehouse",
    "stock.kind.multibrand_center": "Multibrand centre",
    "stock.bars_title": "{level}: stock, mn USD · days of cover",
    "stock.click_hint": "click a bar to go down",
    "stock.map_title": "Stock by Russian region, end of {month}, mn USD",
    "stock.trend_title": "Stock against shipments, 24 months, mn USD",
    "stock.series_stock": "Stock at month end",
    "stock.series_shipments": "Shipments",
    "stock.table_title": "Distribution subjects, end of {month} — mn USD",
    "stock.flag_title_enterprise": "⚠ Stock up on {base}, shipments down: enterprises",
    "stock.flag_title_subject": "⚠ Stock up on {base}, shipments down: subjects",
    "stock.flag_none": "No stock grows while shipments fall.",
    "stock.base_3": "3 months earlier",
    "stock.base_12": "12 months earlier",
    "stock.base_label": "Compare stock with",
    "stock.kpi_stock": "Stock in the network, end of {month}",
    "stock.kpi_stock_sub": "{change} mn USD ({pct}) on {base_month}",
    "stock.kpi_cover": "Days of cover",
    "stock.kpi_cover_sub": "shipments {months}: {value} mn USD",
    "stock.kpi_ship": "Shipments of stocked goods, {months}",
    "stock.kpi_ship_sub": "{value} mn USD; last year {value_ly}",
    "stock.kpi_flag": "Stock up, shipments down",
    "stock.kpi_flag_sub": "{change} mn USD more stock there",
    "stock.unit_days": "days",
    "stock.unit_enterprises": "enterprises",
    "stock.unit_subjects": "subjects",
    "stock.col_subject": "Distribution subject",
    "stock.col_enterprise": "Enterprise",
    "stock.col_kind": "Type",
    "stock.col_region": "Region",
    "stock.col_concern": "Concern",
    "stock.col_stock": "Stock",
    "stock.col_change": "Change",
    "stock.col_change_pct": "Change, %",
    "stock.col_ship_pct": "Shipments, % on LY",
    "stock.col_cover": "Days of cover",
    "stock.col_flag": "Signal",
    "stock.flag_mark": "⚠ stock up, shipments down",
    "stock.empty": "No stock in the distribution network matches this filter.",
    "stock.flag_col_change": "Increase",
    "stock.more": "Top {n} of {total}; the table lists all subjects.",
    "stock.footnote": (
        "Stock: finished goods held by distribution subjects at the month end. Shipments "
        "= the enterprise's exports of the same HS heading to the subject's region, shared "
        "among the subjects holding it in proportion to their stock. Days of cover = stock "
        "÷ average daily shipments {months}. ⚠ = stock above {base} while shipments of "
        "the last 3 months are below the same months last year."),
    "stock.days_short": "{days} d",
    "msg.stock_bad_base": ("The comparison “{value}” does not exist (use 3 or 12 months); "
                           "stock is compared with 3 months earlier."),
}

# The navigation and window title first (the header shows them on every page); the rest
# of this page's Russian and German text comes with the languages work.
RU: dict[str, str] = {
    "nav.stock": "Запасы",
    "title.stock": "Монитор экспорта — запасы в товаропроводящей сети",
}

DE: dict[str, str] = {
    "nav.stock": "Lager",
    "title.stock": "Exportmonitor — Lager im Vertriebsnetz",
}
