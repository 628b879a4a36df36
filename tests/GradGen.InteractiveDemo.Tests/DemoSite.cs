using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace GradGen.InteractiveDemo.Tests;

/// <summary>
/// The interactive page, published with <c>dotnet publish</c> into a temporary directory and served from
/// there by Kestrel on a free port of 127.0.0.1, as any static host would serve it.
/// </summary>
internal sealed class DemoSite : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string directory;

    private DemoSite(WebApplication app, string directory, string url)
    {
        this.app = app;
        this.directory = directory;
        Url = url;
    }

    /// <summary>The page's address, ending in '/'.</summary>
    public string Url { get; }

    public static async Task<DemoSite> StartAsync()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gradgen-interactive-demo-tests", Guid.NewGuid().ToString("N"));
        string wwwroot = await PublishAsync(directory);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = wwwroot });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();

        // WebAssembly is only compiled by the browser when served as application/wasm; the rest must be
        // named too, since unknown types are not served.
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".js"] = "text/javascript";
        types.Mappings[".json"] = "application/json";
        types.Mappings[".dat"] = "application/octet-stream";
        types.Mappings[".blat"] = "application/octet-stream";
        var files = new PhysicalFileProvider(wwwroot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        app.MapFallback(context => context.Response.SendFileAsync(files.GetFileInfo("index.html")));
        await app.StartAsync();

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DemoSite(app, directory, address.TrimEnd('/') + "/");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the system to clean; a test must not fail on it.
        }
    }

    /// <summary>Publishes the page in the configuration these tests were built in; returns its wwwroot.</summary>
    private static async Task<string> PublishAsync(string directory)
    {
        string project = Path.Combine(RepositoryRoot(), "samples", "InteractiveDemo", "InteractiveDemo.csproj");
        string configuration = typeof(DemoSite).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string output = Path.Combine(directory, "publish");

        // The dotnet that runs these tests, where the CLI says so; else the one on PATH.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Without the .br/.gz copies of every file: this server sends files as they are, and compressing them
        // would cost the test more time than anything else it does.
        string[] arguments = ["publish", project, "-c", configuration, "-o", output, "--nologo", "-nodeReuse:false", "-p:CompressionEnabled=false"];
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish {project} took more than 5 minutes:\n{await stdout}\n{await stderr}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        string wwwroot = Path.Combine(output, "wwwroot");
        Assert.True(File.Exists(Path.Combine(wwwroot, "index.html")), $"no index.html in {wwwroot}:\n{await stdout}");
        return wwwroot;
    }

    /// <summary>The directory holding GradGen.sln, found upwards from the test's binaries.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GradGen.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no GradGen.sln above {AppContext.BaseDirectory}");
    }
}
