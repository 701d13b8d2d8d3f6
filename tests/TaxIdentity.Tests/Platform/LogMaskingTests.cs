using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaxIdentity.Core.Common.Masking;
using TaxIdentity.Core.Common.Storage;
using TaxIdentity.Tests.Infrastructure;

namespace TaxIdentity.Tests.Platform;

/// <summary>ID numbers and phones in routes never reach the logs unmasked, not even when a request fails unexpectedly.</summary>
public sealed class LogMaskingTests
{
    /// <summary>Fails every storage request that names the given text, as a bug in the code behind it would.</summary>
    private sealed class FailRequestsNaming(string text) : HttpPipelinePolicy
    {
        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) => Check(message);

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            Check(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Check(HttpMessage message)
        {
            if (message.Request.Uri.ToString().Contains(text, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Injected failure.");
            }
        }
    }

    [Fact]
    public async Task UnexpectedFailure_OnAnIdNumberRoute_IsLoggedWithTheIdNumberMasked()
    {
        var idNumber = TestData.ResidentId();
        var logs = new RecordingLoggerProvider();
        await using var api = await ApiHost.StartAsync(services: services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddProvider(logs));
            services.AddSingleton(provider =>
            {
                var clientOptions = new TableClientOptions();
                clientOptions.AddPolicy(new FailRequestsNaming(idNumber), HttpPipelinePosition.PerCall);
                return new TableServiceClient(provider.GetRequiredService<IOptions<TableOptions>>().Value.ConnectionString, clientOptions);
            });
        });

        var response = await api.Operator.PutJsonAsync($"/api/operator/persons/residentIdCard/{idNumber}", new { name = "格桑", phone = TestData.Phone(), existingHousehold = false, realNameLevel = 2 });

        await response.AssertProblemAsync(System.Net.HttpStatusCode.InternalServerError, "unexpected");
        var failure = Assert.Single(logs.Entries, entry => entry.Level == LogLevel.Error && entry.Exception is InvalidOperationException);
        Assert.Contains($"/api/operator/persons/residentIdCard/{Mask.IdNumber(idNumber)}", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, entry => entry.AllText.Contains(idNumber, StringComparison.Ordinal));
    }
}
