using Dars.Activities.Access;
using Dars.Activities.Cohort;
using Dars.Activities.Data;
using Dars.Activities.Release;
using Dars.Activities.Notifications;
using Dars.Api.Applications;
using Dars.Hosting.Runners;
using Dars.Lifecycle;
using Dars.Lifecycle.Sla;
using Dars.Lifecycle.Submission;
using Dars.Runtime;
using Dars.Runtime.Activities;
using Dars.Runtime.Clock;
using Dars.Runtime.Index;
using Dars.Runtime.Instances;
using Dars.Runtime.Outbox;
using Dars.Runtime.Sla;
using Dars.Runtime.Storage;
using Dars.Runtime.Timers;

namespace Dars.Hosting;

/// <summary>Wires the lifecycle, runtime and activities from configuration.</summary>
public static class DarsServices
{
    public static IServiceCollection AddDars(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var storage = StorageOptionsFrom(configuration);
        var runtime = configuration.GetSection("Dars:Runtime").Get<RuntimeOptions>() ?? new RuntimeOptions();
        var lifecycle = LifecycleOptionsFrom(configuration);
        var notifications = configuration.GetSection("Dars:Notifications").Get<NotificationOptions>() ?? new NotificationOptions();
        var datasets = configuration.GetSection("Dars:Datasets").Get<DatasetDefinition[]>() ?? [];

        services.AddSingleton(storage).AddSingleton(runtime).AddSingleton(lifecycle).AddSingleton(notifications);
        services.AddSingleton(_ => CalendarFrom(configuration));
        if (environment.IsDevelopment())
        {
            services.AddSingleton(new DevClock(TimeProvider.System));
            services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<DevClock>());
            services.AddSingleton<ClockAdvancer>();
        }
        else services.AddSingleton(TimeProvider.System);

        services.AddSingleton(sp => new StorageClients(sp.GetRequiredService<StorageOptions>()));
        services.AddSingleton(sp => new ApplicationStore(Table(sp, storage.InstancesTable)));
        services.AddSingleton(sp => new ExternalReferenceRegistry(Table(sp, storage.ReferencesTable)));
        services.AddSingleton(sp => new TimerTable(Table(sp, storage.TimersTable)));
        services.AddSingleton(sp =>
        {
            var statuses = sp.GetRequiredService<StatusFactory>();
            return new ApplicationIndex(Table(sp, storage.IndexTable), a => statuses.Sla(a)?.Status);
        });
        services.AddSingleton(sp =>
        {
            var queues = sp.GetRequiredService<StorageClients>().Queues;
            return new ActivityQueue(queues.GetQueueClient(storage.ActivityQueue), queues.GetQueueClient(storage.ActivityPoisonQueue));
        });

        // Datasets, objections and releases (Activities/Data, Activities/Release). The stored catalogue overlays the
        // configured one above; registered after it, it is the one resolved.
        services.AddSingleton(sp => new DatasetStore(Container(sp, storage.DatasetsContainer)));
        services.AddSingleton(sp => new ObjectionRegister(Container(sp, storage.DatasetsContainer)));
        services.AddSingleton(sp => new ReleaseStore(Container(sp, storage.ReleasesContainer)));
        services.AddSingleton(sp => new ReleaseLinks(sp.GetRequiredService<ReleaseStore>(), sp.GetRequiredService<StorageClients>().Blobs,
            TimeProvider.System));
        services.AddSingleton(sp => new CohortFiles(Container(sp, storage.CohortsContainer)));
        services.AddSingleton<IAcceptedCohortSource>(sp => sp.GetRequiredService<CohortFiles>());
        services.AddSingleton<IActivity, ValidateCohortActivity>();
        services.AddSingleton<IDatasetCatalogueSource>(sp => new StoredDatasetCatalogue(datasets, sp.GetRequiredService<DatasetStore>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<DecisionContextSource>();
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton<ChannelDispatchQueue>();
        services.AddSingleton<IDispatchQueue>(sp => sp.GetRequiredService<ChannelDispatchQueue>());
        services.AddSingleton<ApplicationRuntime>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxSweep>();
        services.AddSingleton<ActivityWorker>();
        services.AddSingleton<ITimerTarget, TimerCommands>();
        services.AddSingleton<TimerSweep>();
        services.AddSingleton<StatusFactory>();

        services.AddSingleton<SlaDailyCheck>();
        services.AddSingleton<IDailyCheck>(sp => sp.GetRequiredService<SlaDailyCheck>());
        // The housekeeping compares blobs' ages, stamped by the storage service, with the real clock: the development
        // clock (the TimeProvider in Development) may be months ahead.
        services.AddSingleton(sp => new CohortHousekeeping(sp.GetRequiredService<CohortFiles>(), sp.GetRequiredService<ApplicationStore>(),
            TimeProvider.System, sp.GetRequiredService<ILogger<CohortHousekeeping>>()));
        services.AddSingleton<IDailyCheck>(sp => sp.GetRequiredService<CohortHousekeeping>());
        services.AddSingleton<IDailyCheck>(sp => new DataHousekeeping(sp.GetRequiredService<DatasetStore>(), sp.GetRequiredService<ObjectionRegister>(),
            TimeProvider.System));
        services.AddSingleton<DailyChecks>();

        services.AddSingleton<IActivity, SendNotificationActivity>();
        services.AddSingleton<IActivity, ProduceDataActivity>();
        services.AddSingleton<IActivity, ReleaseDataActivity>();
        services.AddSingleton<IActivity, RevokeAccessActivity>();
        if ((notifications.Sender ?? (environment.IsDevelopment() ? "Local" : "GovukNotify")) == "Local")
            services.AddSingleton<INotificationSender>(sp => new LocalNotificationSender(
                sp.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(storage.NotificationsContainer),
                sp.GetRequiredService<TimeProvider>()));
        else
            services.AddSingleton<INotificationSender>(GovUkNotifySender.FromOptions(notifications));

        services.AddHostedService<StorageInitializer>();
        // Under the Functions host its triggers poll the queue and fire the schedules; dispatch after
        // commit stays in-process either way.
        var underHost = IsCustomHandler(configuration);
        if (underHost) runtime.RunBackgroundRunners = false;
        if (runtime.RunBackgroundRunners || underHost) services.AddHostedService<DispatchRunner>();
        if (runtime.RunBackgroundRunners)
        {
            services.AddHostedService<ActivityQueueRunner>();
            services.AddHostedService<TimerRunner>();
            services.AddHostedService<OutboxSweepRunner>();
            services.AddHostedService<DailyCheckRunner>();
        }
        return services;
    }

    /// <summary>
    /// <c>Dars:Lifecycle</c>. The binder adds a configured list's items after the defaults', so that 90, 30, 7 could
    /// never become 60, 14; a list given in configuration replaces the default instead.
    /// </summary>
    public static LifecycleOptions LifecycleOptionsFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection("Dars:Lifecycle");
        var options = section.Get<LifecycleOptions>() ?? new LifecycleOptions();
        int[]? Configured(string key) => section.GetSection(key).Exists() ? section.GetSection(key).Get<int[]>() ?? [] : null;
        return options with
        {
            ExpiryReminderDays = Configured(nameof(LifecycleOptions.ExpiryReminderDays)) ?? options.ExpiryReminderDays,
            DestructionReminderDays = Configured(nameof(LifecycleOptions.DestructionReminderDays)) ?? options.DestructionReminderDays,
        };
    }

    /// <summary>
    /// <c>AzureWebJobsStorage</c> as the Functions host reads it: a connection string, or (identity-based)
    /// <c>AzureWebJobsStorage__tableServiceUri</c>, <c>__queueServiceUri</c> and <c>__blobServiceUri</c>.
    /// </summary>
    public static StorageOptions StorageOptionsFrom(IConfiguration configuration)
    {
        var section = configuration.GetSection("AzureWebJobsStorage");
        var options = configuration.GetSection("Dars:Storage").Get<StorageOptions>() ?? new StorageOptions();
        options.ConnectionString ??= section.Value;
        options.TableServiceUri ??= UriOrNull(section["tableServiceUri"]);
        options.QueueServiceUri ??= UriOrNull(section["queueServiceUri"]);
        options.BlobServiceUri ??= UriOrNull(section["blobServiceUri"]);
        if (options.ConnectionString is null && options.TableServiceUri is null)
            options.ConnectionString = "UseDevelopmentStorage=true";
        return options;
    }

    /// <summary>The Functions host starts a custom handler with the port to listen on.</summary>
    public static bool IsCustomHandler(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["FUNCTIONS_CUSTOMHANDLER_PORT"]);

    private static WorkingCalendar CalendarFrom(IConfiguration configuration) =>
        configuration["Dars:Calendar:BankHolidaysFile"] is { Length: > 0 } path
            ? WorkingCalendar.FromGovUkJson(File.ReadAllText(path))
            : WorkingCalendar.EnglandAndWales;

    private static Azure.Data.Tables.TableClient Table(IServiceProvider sp, string name) =>
        sp.GetRequiredService<StorageClients>().Tables.GetTableClient(name);

    private static Azure.Storage.Blobs.BlobContainerClient Container(IServiceProvider sp, string name) =>
        sp.GetRequiredService<StorageClients>().Blobs.GetBlobContainerClient(name);

    private static Uri? UriOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);
}
