/* When the session ends while a page is open (signed out elsewhere, disabled, idle too
   long), the server answers the page's next callback with 401 (dashboard/auth/guard.py).
   Then the browser goes to the sign-in page, which says why and comes back to this view
   after signing in — instead of a page that silently stops answering. */
(function () {
  "use strict";
  var original = window.fetch;
  if (!original) return;
  window.fetch = function () {
    return original.apply(this, arguments).then(function (response) {
      if (response.status === 401 && String(response.url || "").indexOf("/_dash-") !== -1) {
        var here = window.location.pathname + window.location.search;
        window.location.assign("/sign-in?expired=1&next=" + encodeURIComponent(here));
      }
      return response;
    });
  };
})();
