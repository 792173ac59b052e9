# workerd consumer: the Cloudflare Worker example, bundled by esbuild with the
# "workerd" condition (as wrangler does) into .work/workerd/, the .wasm kept as
# a separate module (Workers forbid compiling wasm from bytes).
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:*", http = (), service = "main")],
);

const worker :Workerd.Worker = (
  modules = [
    (name = "worker.mjs", esModule = embed "../.work/workerd/worker.mjs"),
    (name = "webhook_bg.wasm?module", wasm = embed "../.work/workerd/webhook_bg.wasm"),
  ],
  compatibilityDate = "2025-09-01",
  bindings = [(name = "REPLICATE_WEBHOOK_SECRET", fromEnvironment = "REPLICATE_WEBHOOK_SECRET")],
);
