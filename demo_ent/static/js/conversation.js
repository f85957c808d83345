/* ENT - messagerie : application monopage (routes #/inbox et #/message/N) */
(function () {
  "use strict";
  var app;

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) { node.textContent = text; }
    if (className) { node.className = className; }
    return node;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
  }

  function showInbox() {
    return getJSON("/conversation/api/folders/inbox/messages").then(function (messages) {
      app.textContent = "";
      app.appendChild(el("h2", "Boîte de réception"));
      var list = el("ul", "", "mail-list");
      messages.forEach(function (m) {
        var item = el("li", "", m.unread ? "unread" : "");
        var link = el("a", m.subject);
        link.href = "#/message/" + m.id;
        item.appendChild(link);
        item.appendChild(el("span", " \u2013 " + m.from, "meta"));
        list.appendChild(item);
      });
      app.appendChild(list);
      document.title = "Boîte de réception - Messagerie";
    });
  }

  function showMessage(id) {
    return getJSON("/conversation/api/messages/" + id).then(function (m) {
      app.textContent = "";
      app.appendChild(el("h2", m.subject));
      app.appendChild(el("p", "De : " + m.from + " \u2013 " + new Date(m.date).toLocaleString("fr-FR"), "meta"));
      app.appendChild(el("p", m.body, "mail-body"));
      var back = el("a", "Retour à la boîte de réception");
      back.href = "#/inbox";
      app.appendChild(back);
      document.title = m.subject + " - Messagerie";
    });
  }

  function route() {
    var hash = window.location.hash || "#/inbox";
    var match = /^#\/message\/(\d+)$/.exec(hash);
    var loading = match ? showMessage(match[1]) : showInbox();
    loading.catch(function () {
      app.textContent = "";
      app.appendChild(el("p", "Impossible de charger la messagerie.", "error"));
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    app = document.getElementById("app");
    window.addEventListener("hashchange", route);
    route();
  });
})();
