using Dars.Hosting;
using Microsoft.Extensions.Configuration;

namespace Dars.Tests.Hosting;

/// <summary><c>Dars:Lifecycle</c> from configuration: numbers override, and a list replaces the default list.</summary>
public sealed class LifecycleOptionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Without_configuration_the_defaults_of_LIFECYCLE_md_hold()
    {
        var options = DarsServices.LifecycleOptionsFrom(Config());

        Assert.Equal([90, 30, 7], options.ExpiryReminderDays);
        Assert.Equal([7, 0], options.DestructionReminderDays);
        Assert.Equal(60, options.SlaTargetWorkingDays);
    }

    [Fact]
    public void Configured_reminder_days_replace_the_defaults_rather_than_adding_to_them()
    {
        var options = DarsServices.LifecycleOptionsFrom(Config(
            ("Dars:Lifecycle:ExpiryReminderDays:0", "60"), ("Dars:Lifecycle:ExpiryReminderDays:1", "14"),
            ("Dars:Lifecycle:DestructionReminderDays:0", "3"), ("Dars:Lifecycle:SlaTargetWorkingDays", "40")));

        Assert.Equal([60, 14], options.ExpiryReminderDays);
        Assert.Equal([3], options.DestructionReminderDays);
        Assert.Equal(40, options.SlaTargetWorkingDays);
    }
}
