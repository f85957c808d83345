/* Laboratoire : script du sujet « cache » */
document.documentElement.setAttribute("data-cache-demo", "ok");
