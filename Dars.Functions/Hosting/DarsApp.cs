using Dars.Api;
using Dars.Api.Applications;
using Dars.Api.Datasets;
using Dars.Api.Operations;
using Dars.Api.Security;
using Dars.Hosting.CustomHandler;
using Dars.Hosting.Secrets;
using Dars.Hosting.Telemetry;
using Dars.Runtime;
using Dars.Web;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Scalar.AspNetCore;

namespace Dars.Hosting;

/// <summary>Builds the DARS web application: authentication, problem details, the API, OpenAPI and the runners.</summary>
public static class DarsApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddDarsKeyVault();
        builder.AddDarsTelemetry();
        var underHost = DarsServices.IsCustomHandler(builder.Configuration);
        if (underHost) builder.WebHost.UseUrls($"http://127.0.0.1:{builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]}");
        builder.Services.AddDars(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(builder.Configuration.GetSection("Dars:Files").Get<FileLimits>() ?? new FileLimits());

        builder.Services.AddAuthentication().AddJwtBearer(options =>
        {
            // Keep the token's own claim names (sub, role/roles, org): CallerClaims reads them as issued.
            options.MapInboundClaims = false;
        });
        builder.AddDarsWeb();
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Status-code-only answers (auth, unknown routes) still get a detail a person can act on.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                400 => "The request could not be read; check its query parameters, headers and body against /api/docs.",
                401 => "Sign in: send 'Authorization: Bearer <token>' (in Development, mint one with dotnet user-jwts create).",
                403 => "Your token carries no DARS role (Applicant, CaseOfficer, Approver, DataProducer or Auditor).",
                404 => "There is nothing at this address; see /api/docs for the routes.",
                405 => "This route does not take that method; see /api/docs.",
                415 => "Send the body as application/json.",
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            var dars = Runtime.Storage.DarsJson.Options;
            o.SerializerOptions.PropertyNamingPolicy = dars.PropertyNamingPolicy;
            foreach (var converter in dars.Converters) o.SerializerOptions.Converters.Add(converter);
        });
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new() { Title = "DARS — Data Access Request Service", Version = "v1", Description = "The HTTP contract of API.md." };
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/api/docs", o => o.WithOpenApiRoutePattern("/api/openapi/{documentName}.json").WithTitle("DARS API")).AllowAnonymous();
        app.MapOperations(app.Environment.IsDevelopment());
        app.MapApplications();
        app.MapRelease();
        app.MapCohort();
        app.MapDatasets();
        app.MapDarsWeb();
        if (underHost) app.MapInvocations();
        return app;
    }
}

/// <summary>Turns the exceptions that reach the edge into problem details; bad input never becomes a 500.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.StatusCode == 413
                ? "The body is too large; send less."
                : "The request could not be read; check its query parameters, headers and body against /api/docs."),
            ConcurrencyLimitException busy => (503, "Busy", busy.Message),
            _ => (500, "Internal error", "Something went wrong in DARS; the request may not have been applied. Retry it with the same Idempotency-Key."),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
