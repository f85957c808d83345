/* Laboratoire : défilement infini. Chaque arrivée du bas de liste à l'écran charge 30 éléments de plus, sans fin. */
(function () {
  "use strict";
  var list = document.getElementById("fil");
  var end = document.getElementById("fil-fin");
  var page = 1;
  var loading = false;

  function append(items) {
    items.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
  }

  var observer = new IntersectionObserver(function (entries) {
    if (!entries[0].isIntersecting || loading) { return; }
    loading = true;
    page += 1;
    fetch("/labo/api/fil?page=" + page, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        append(data.items);
        loading = false;
        observer.unobserve(end);
        observer.observe(end);  // still in view (tall screen): observing again loads the next page
      });
  });
  observer.observe(end);
})();
