/* The outage page (dashboard/pages/common.py: outage_page) comes back by itself: every
   tick of its interval asks /health, and once the database answers (200) the page is
   loaded again. Nothing to click, no error shown while the database is still away. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
  outage: {
    retryAfterOutage: function () {
      fetch("/health", {cache: "no-store"}).then(function (resp) {
        if (resp.ok) { window.location.reload(); }
      }).catch(function () { /* still away: try at the next tick */ });
      return window.dash_clientside.no_update;
    }
  }
});
