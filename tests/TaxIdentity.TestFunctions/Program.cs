using TaxIdentity.LocalHost;
using TaxIdentity.TestFunctions;

// The local host with the test workflows beside the app's functions.
var app = LocalFunctionsHost.Build(args, builder => builder.Services.AddTestFunctions(), TestFunctionServices.Assemblies);
app.Run();
