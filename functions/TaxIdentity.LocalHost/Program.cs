using TaxIdentity.LocalHost;

// Serves the Functions app's HTTP functions on Kestrel and runs its orchestrations on the in-process
// Durable Task engine, for machines without Azure Functions Core Tools.
var app = LocalFunctionsHost.Build(args);
app.Run();
