/* ENT - fil de nouveautés : charge les notifications par XHR */
(function () {
  "use strict";
  var LABELS = { BLOG: "Blog", MESSAGERIE: "Messagerie", WORKSPACE: "Documents", CALENDAR: "Agenda" };

  var PARIS = "Europe/Paris";

  // <time datetime> keeps the exact instant (with its offset) readable by machines; the text shows Paris time.
  function timeElement(iso) {
    var d = new Date(iso);
    var time = document.createElement("time");
    time.className = "date";
    time.setAttribute("datetime", iso);
    time.textContent = d.toLocaleDateString("fr-FR", { timeZone: PARIS }) + " à "
      + d.toLocaleTimeString("fr-FR", { timeZone: PARIS, hour: "2-digit", minute: "2-digit" });
    return time;
  }

  function render(list, notifications) {
    list.textContent = "";
    notifications.forEach(function (n) {
      var item = document.createElement("li");
      item.className = "notification notification-" + n.type.toLowerCase();
      var label = document.createElement("strong");
      label.textContent = (LABELS[n.type] || n.type) + " : ";
      var link = document.createElement("a");
      link.href = n.resource;
      link.textContent = n.sender + " " + n.message;
      item.appendChild(label);
      item.appendChild(link);
      item.appendChild(timeElement(n.date));
      list.appendChild(item);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var list = document.getElementById("notifications");
    fetch("/timeline/lastNotifications", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (data) { render(list, data.results || []); })
      .catch(function () { list.innerHTML = "<li>Impossible de charger les notifications.</li>"; });
  });
})();
