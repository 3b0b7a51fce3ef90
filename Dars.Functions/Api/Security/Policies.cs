using Dars.Lifecycle;
using Microsoft.AspNetCore.Authorization;

namespace Dars.Api.Security;

/// <summary>Authorization policies. Which role may raise which event is the decider's business, not a policy's.</summary>
public static class Policies
{
    /// <summary>Signed in and holding at least one DARS role.</summary>
    public const string DarsUser = "dars-user";

    public static void Add(AuthorizationOptions options) =>
        options.AddPolicy(DarsUser, policy => policy
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.ToCaller().Roles.Count > 0));
}
