using EcoValue.Api.Hosting;

// Composition lives in EcoValueApp so tests start the very same app on a free loopback port.
var app = EcoValueApp.Build(args);
await app.RunAsync();
