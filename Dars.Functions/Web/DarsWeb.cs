using System.Security.Claims;
using Dars.Api.Security;
using Dars.Lifecycle;
using Dars.Runtime;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace Dars.Web;

/// <summary>
/// The web interface (Razor Pages under <c>Web/Pages</c>, NHS.UK frontend under <c>wwwroot</c>) and its
/// sign-in. <c>/api</c> keeps its JWT bearer; every other path signs in with a cookie, issued by Entra ID
/// (OpenID Connect) when <c>Authentication:OpenIdConnect:Authority</c> is set, or in Development by the
/// sign-in page. The pages give commands through the same <see cref="Runtime.ApplicationRuntime"/> as the API.
/// </summary>
public static class DarsWeb
{
    /// <summary>The default scheme: forwards to the bearer for <c>/api</c> and to the cookie elsewhere.</summary>
    public const string Scheme = "dars";
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string OidcScheme = OpenIdConnectDefaults.AuthenticationScheme;

    /// <summary>The claims a cookie carries: the same names as the tokens (<c>sub</c>, <c>role</c>, <c>org</c>).</summary>
    public const string NameClaim = "name", SubjectClaim = "sub", RoleClaim = "role", OrganisationClaim = "org";

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static WebApplicationBuilder AddDarsWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var oidc = builder.Configuration.GetSection("Authentication:OpenIdConnect");
        var useOidc = !string.IsNullOrWhiteSpace(oidc["Authority"]);

        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = Scheme;
            o.DefaultChallengeScheme = Scheme;
        });
        auth.AddPolicyScheme(Scheme, "Bearer for /api, cookie for the web pages", o =>
            o.ForwardDefaultSelector = context => IsApi(context.Request) ? JwtBearerDefaults.AuthenticationScheme : CookieScheme);
        auth.AddCookie(CookieScheme, o =>
        {
            o.LoginPath = "/sign-in";
            o.LogoutPath = "/sign-out";
            o.AccessDeniedPath = "/error/403";
            o.Cookie.Name = "dars-session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // A session lasts in real time: moving Development's clock forward years must not sign everyone out.
            o.TimeProvider = TimeProvider.System;
            o.SlidingExpiration = true;
            if (useOidc) o.ForwardChallenge = OidcScheme;
            else if (!builder.Environment.IsDevelopment())
                // No Entra ID configured and no development sign-in: say so rather than redirect to nothing.
                o.Events.OnRedirectToLogin = context => ErrorPage.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized);
        });
        if (useOidc)
        {
            var organisationClaim = oidc["OrganisationClaim"] ?? OrganisationClaim;
            auth.AddOpenIdConnect(OidcScheme, o =>
            {
                o.Authority = oidc["Authority"];
                o.ClientId = oidc["ClientId"];
                o.ClientSecret = oidc["ClientSecret"];
                o.CallbackPath = oidc["CallbackPath"] ?? "/signin-oidc";
                o.SignedOutCallbackPath = oidc["SignedOutCallbackPath"] ?? "/signout-callback-oidc";
                o.ResponseType = "code";
                o.UsePkce = true;
                o.SignInScheme = CookieScheme;
                // Keep Entra ID's claim names (oid, roles, name): CallerClaims reads them as issued.
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = NameClaim;
                o.TokenValidationParameters.RoleClaimType = "roles";
                o.Events.OnTokenValidated = context =>
                {
                    // The organisation may come under another claim name (a directory extension): keep it as "org".
                    if (organisationClaim != OrganisationClaim && context.Principal?.Identity is ClaimsIdentity identity
                        && identity.FindFirst(organisationClaim) is { } org)
                        identity.AddClaim(new Claim(OrganisationClaim, org.Value));
                    return Task.CompletedTask;
                };
            });
        }

        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/", Policies.DarsUser);
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/SignIn");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Lifecycle");
            o.Conventions.AddPageApplicationModelConvention("/Applications/Cohort", page => page.Filters.Add(new UploadLimits(l => l.MaxCohortBytes)));
            o.Conventions.AddPageApplicationModelConvention("/Datasets", page => page.Filters.Add(new UploadLimits(l => l.MaxDatasetBytes)));
            // The development sign-in exists only in Development: elsewhere the page has no route at all.
            if (!builder.Environment.IsDevelopment())
            {
                o.Conventions.AddPageRouteModelConvention("/SignIn", model => model.Selectors.Clear());
                o.Conventions.AddPageRouteModelConvention("/DevClock", model => model.Selectors.Clear());
            }
        });
        services.AddSingleton(new WebSignInOptions(useOidc, builder.Environment.IsDevelopment()));
        services.AddSingleton<WebDatasets>();
        return builder;
    }

    /// <summary>Maps the pages and static assets; error pages in HTML for the web, problem details stay for /api.</summary>
    public static WebApplication MapDarsWeb(this WebApplication app)
    {
        // Re-executing a page from a branch cannot re-route (the branch has no route builder), so the
        // web's error pages for empty 4xx/5xx answers and exceptions are written here, in the same layout.
        app.UseWhen(context => !IsApi(context.Request), web =>
        {
            web.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => ErrorPage.WriteAsync(context, 500) });
            web.UseStatusCodePages(context => ErrorPage.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        });
        app.UseStaticFiles();
        app.MapRazorPages();
        // What a page showing running work polls: the version moves on when the work is done.
        app.MapGet("/applications/{id}/progress", async (string id, ClaimsPrincipal user, ApplicationRuntime runtime, CancellationToken ct) =>
                await runtime.GetAsync(id, user.ToCaller(), ct) is { } application
                    ? Results.Ok(new { version = application.Version, state = application.State.ToString() })
                    : Results.NotFound())
            .RequireAuthorization(Policies.DarsUser).ExcludeFromDescription();
        return app;
    }

    /// <summary>The principal of a development sign-in: the same claims a token would carry.</summary>
    public static ClaimsPrincipal DevelopmentPrincipal(string user, IEnumerable<Role> roles, string? organisation)
    {
        var claims = new List<Claim> { new(SubjectClaim, user), new(NameClaim, user) };
        claims.AddRange(roles.Select(r => new Claim(RoleClaim, r.ToString())));
        if (!string.IsNullOrWhiteSpace(organisation)) claims.Add(new Claim(OrganisationClaim, organisation.Trim().ToUpperInvariant()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieScheme, NameClaim, RoleClaim));
    }

    public static Task SignInAsync(HttpContext context, ClaimsPrincipal principal) =>
        context.SignInAsync(CookieScheme, principal, new AuthenticationProperties { IsPersistent = false });
}

/// <summary>How people sign in here: Entra ID, and/or the development page.</summary>
public sealed record WebSignInOptions(bool OpenIdConnect, bool DevelopmentSignIn);
