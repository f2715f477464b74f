// fauxqs 2.4.1 listens on every interface whatever FAUXQS_HOST says (dist/app.js calls
// app.listen({ port, host: "0.0.0.0" })). A developer's machine must not answer other machines, so this
// process's listening sockets are kept on loopback. Loaded with `node --require` by the local launcher.
"use strict";
const net = require("node:net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args[0] !== null && typeof args[0] === "object" && "host" in args[0]) {
    args[0] = { ...args[0], host: "127.0.0.1" };
  }
  return listen.apply(this, args);
};
