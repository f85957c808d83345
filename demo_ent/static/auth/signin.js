/* ENT - connexion en deux étapes (identifiant, puis mot de passe) ; aucun framework */
(function () {
  "use strict";
  var form, username, nextButton, errorBox, step = 1;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function showError(message) {
    errorBox.hidden = false;
    errorBox.textContent = "";
    errorBox.appendChild(el("span", {}, message));
  }

  function fetchCsrf() {
    var url = document.getElementById("signin-app").getAttribute("data-csrf-url");
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (data) { return data.csrf; });
  }

  function passwordStep(token) {
    var box = document.getElementById("step-password");
    var p = el("p");
    p.appendChild(el("label", { "for": "password" }, "Mot de passe"));
    p.appendChild(el("input", { id: "password", name: "password", type: "password",
                                autocomplete: "current-password", required: "" }));
    box.appendChild(p);
    box.appendChild(el("input", { type: "hidden", name: "csrf", value: token }));
    var actions = document.getElementById("step-actions");
    actions.textContent = "";
    actions.appendChild(el("button", { id: "submit", "class": "btn-submit", type: "submit" }, "Se connecter"));
    username.readOnly = true;
    step = 2;
    document.getElementById("password").focus();
  }

  function goNext() {
    if (step !== 1) { return; }
    if (!username.value.trim()) { showError("Veuillez saisir votre identifiant."); username.focus(); return; }
    errorBox.hidden = true;
    nextButton.disabled = true;
    fetchCsrf().then(passwordStep).catch(function () {
      nextButton.disabled = false;
      showError("Le service de connexion est indisponible. Réessayez dans un instant.");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    form = document.getElementById("signin");
    username = document.getElementById("username");
    nextButton = document.getElementById("next-step");
    errorBox = document.getElementById("signin-error");
    nextButton.addEventListener("click", goNext);
    form.addEventListener("submit", function (event) {
      if (step === 1) { event.preventDefault(); goNext(); }  /* Entrée dans le champ identifiant */
    });
  });
})();
