using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using EspWs.App.Configuration;
using EspWs.App.Control;
using EspWs.App.PowerOn;
using EspWs.App.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace EspWs.App.Tests.AppProcess;

/// <summary>The LED's power-on state across real restarts of the app: a kill, a corrupt file, a read-only directory, each policy.</summary>
public sealed class PowerOnStateTests : IDisposable
{
    private const int Sigkill = 9;
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("espws-poweron-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public async Task Led_turned_on_is_on_again_after_sigkill_and_restart()
    {
        await using (var first = Start())
        {
            int port = await first.WaitForPortAsync();
            using ClientWebSocket client = await ClientMessages.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
            await ClientMessages.SendTextAsync(client, "ON");
            Assert.Equal("ON", await ClientMessages.ReceiveTextAsync(client));
            Assert.Contains("\"on\":true", await ClientMessages.ReceiveTextAsync(client));

            // The state is written off the command's path, one flash write after the reply: wait for that write, not for a shutdown.
            var file = new LedStateFile(_state.FullName);
            Assert.True(await TestTimeout.Until(() => file.Read(NullLogger.Instance) is { IsOn: true }), "the state file never held ON");
            first.Signal(Sigkill);
            await first.WaitForExitAsync();
            Assert.Equal(128 + Sigkill, first.ExitCode);
            Assert.DoesNotContain("LED left OFF", first.Output);
        }

        await using var second = Start();
        int again = await second.WaitForPortAsync();

        Assert.Equal((true, 1L), await ReadLedAsync(again));
        Assert.Contains("LED put back ON at 100% at start (seq 1)", second.Output);
    }

    [Theory]
    [InlineData(LedPowerOnState.Last, true, 5)]
    [InlineData(LedPowerOnState.On, true, 5)]
    [InlineData(LedPowerOnState.Off, false, 6)]
    public async Task Each_power_on_state_starts_the_led_as_it_says(LedPowerOnState policy, bool on, long seq)
    {
        File.WriteAllBytes(Path.Combine(_state.FullName, LedStateFile.FileName), LedStateFormat.Write(new LedState(true, 5)));

        await using var app = Start($"--Led:PowerOnState={policy}");
        int port = await app.WaitForPortAsync();

        Assert.Equal((on, seq), await ReadLedAsync(port));
    }

    [Fact]
    public async Task Power_on_state_on_lights_the_led_with_nothing_kept()
    {
        await using var app = Start("--Led:PowerOnState=On");
        int port = await app.WaitForPortAsync();

        Assert.Equal((true, 1L), await ReadLedAsync(port));
    }

    [Fact]
    public async Task Corrupt_state_file_is_named_in_a_warning_and_the_led_starts_off()
    {
        string path = Path.Combine(_state.FullName, LedStateFile.FileName);
        byte[] torn = LedStateFormat.Write(new LedState(true, 9));
        File.WriteAllBytes(path, torn[..^4]);

        await using var app = Start("--Led:PowerOnState=Last");
        int port = await app.WaitForPortAsync();

        Assert.Equal((false, 0L), await ReadLedAsync(port));
        string warning = Assert.Single(app.Output.Split('\n'), l => l.Contains("warn", StringComparison.Ordinal) && l.Contains(path, StringComparison.Ordinal));
        Assert.Contains("not usable", warning);
    }

    [Fact]
    public async Task Read_only_state_directory_warns_once_and_commands_keep_working()
    {
        // Root writes through any file mode, so the directory is made read-only by a read-only bind mount over it.
        File.WriteAllBytes(Path.Combine(_state.FullName, LedStateFile.FileName), LedStateFormat.Write(new LedState(true, 3)));
        Run("mount", "--bind", _state.FullName, _state.FullName);
        try
        {
            Run("mount", "-o", "remount,ro,bind", _state.FullName);
            await using var app = Start();
            int port = await app.WaitForPortAsync();
            Assert.Equal((true, 3L), await ReadLedAsync(port));

            using ClientWebSocket client = await ClientMessages.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
            foreach (string command in new[] { "OFF", "ON", "OFF" })
            {
                await ClientMessages.SendTextAsync(client, command);
                Assert.Equal(command, await ClientMessages.ReceiveTextAsync(client));
                Assert.Contains($"\"on\":{(command == "ON" ? "true" : "false")}", await ClientMessages.ReceiveTextAsync(client));
                await Task.Delay(1100); // past the keeper's spacing, so every change is a write attempt
            }

            Assert.Equal((false, 6L), await ReadLedAsync(port));
            string warning = Assert.Single(app.Output.Split('\n'), l => l.Contains("cannot be kept", StringComparison.Ordinal));
            Assert.Contains(_state.FullName, warning);
        }
        finally
        {
            Run("umount", _state.FullName);
        }
    }

    private Support.AppProcess Start(params string[] args) =>
        Support.AppProcess.Start(["--Server:BindAddress=127.0.0.1", "--Server:Port=0", $"--State:Directory={_state.FullName}", .. args]);

    internal static async Task<(bool On, long Seq)> ReadLedAsync(int port, string? token = null)
    {
        using var http = new HttpClient { Timeout = TestTimeout.Default };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using JsonDocument status = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/status")));
        JsonElement led = status.RootElement.GetProperty("led");
        return (led.GetProperty("on").GetBoolean(), led.GetProperty("seq").GetInt64());
    }

    private static void Run(string program, params string[] args)
    {
        using Process process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
        string error = process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(TestTimeout.Default), $"{program} did not finish");
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed: {error}");
    }
}
