"""Messages of the Negative trends page."""

EN: dict[str, str] = {
    "nav.trends": "Negative trends",
    "title.trends": "Export Monitor — Negative trends",
    "trends.scope": "{period} vs {year_ly}: {value_ly} → {value} mn USD, {change} ({change_pct})",
    "trends.bridge_title": "From {year_ly} to {year} through {level}, mn USD",
    "trends.bridge_click": " — click a bar to go down",
    "trends.bridge_start": "<b>{year} total</b>",
    "trends.bridge_end": "<b>{year} total</b>",
    "trends.bridge_others": "{n} others",
    "trends.bridge_note": ("Bars: change on the same months of last year, mn USD, and in "
                           "brackets the contribution to the total's change, percentage "
                           "points. The axis does not start at zero."),
    "trends.through.concern": "concerns",
    "trends.through.enterprise": "enterprises",
    "trends.through.heading": "products",
    "trends.enterprises_title": "Enterprises losing exports: {n} of {total}",
    "trends.rows_shown": "; top {n} listed",
    "trends.products_title": "Products losing most, mn USD (pp)",
    "trends.regions_title": "Russian regions losing most, mn USD (pp)",
    "trends.no_losses": "Nothing here loses exports against last year.",
    "trends.empty": "No exports match this filter.",
    "trends.runs_title": "Runs of decline to {month} — enterprises: {n}",
    "trends.runs_pick": "Months in a row at least:",
    "trends.runs_none": "No enterprise has been below last year for {run} months in a row.",
    "trends.runs_note": ("Months: in a row below the same month of the year before, up to "
                         "the period's last month (24 = 24 or more). Loss: over those "
                         "months against the same months a year earlier."),
    "trends.col.enterprise": "Enterprise",
    "trends.col.concern": "Concern",
    "trends.col.change": "Change, mn USD",
    "trends.col.contribution": "Contribution, pp",
    "trends.col.change_pct": "Change, %",
    "trends.col.value": "This year, mn USD",
    "trends.col.run": "Months",
    "trends.col.loss": "Loss, mn USD",
    "trends.col.loss_pct": "Loss, %",
    "trends.crumb.all": "All concerns",
    "trends.card_link": "Enterprise card →",
    "msg.trends_bad_run": ("“{value}” is not a number of months from 1 to 12; runs of "
                           "{used} months or more are shown."),
}

# The navigation and window title first (the header shows them on every page); the rest
# of this page's Russian and German text comes with the languages work.
RU: dict[str, str] = {
    "nav.trends": "Негативные тенденции",
    "title.trends": "Монитор экспорта — негативные тенденции",
}

DE: dict[str, str] = {
    "nav.trends": "Negative Trends",
    "title.trends": "Exportmonitor — negative Trends",
}
