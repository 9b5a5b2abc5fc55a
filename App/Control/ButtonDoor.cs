using EspWs.App.Configuration;
using EspWs.Hardware;
using Microsoft.Extensions.Logging;

namespace EspWs.App.Control;

/// <summary>
/// The push button's door to the LED: each click, double click and long click becomes a press the controller tells
/// every client and door of, followed by the action <c>Button:Click</c>, <c>Button:DoubleClick</c> or <c>Button:LongClick</c> names.
/// </summary>
/// <remarks>
/// The button debounces its contact; here a press that comes less than <see cref="MinimumSpacing"/> after the last one
/// is dropped, so even a contact that bounces past the debounce cannot flood clients, the broker or the LED. No person
/// presses ten times a second. Double clicks are told apart only when <c>Button:DoubleClick</c> has an action: a button
/// that listens for them must hold every click for the double-click window, and a light switch should answer at once.
/// </remarks>
public sealed class ButtonDoor : IDisposable
{
    /// <summary>The least time between two presses that both count.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromMilliseconds(100);

    private readonly IButton _button;
    private readonly LedController _controller;
    private readonly ButtonSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long? _lastPress;

    /// <summary>Listens to <paramref name="button"/> and hands its presses to <paramref name="controller"/> as <paramref name="settings"/> say.</summary>
    public ButtonDoor(IButton button, LedController controller, ButtonSettings settings, TimeProvider time, ILogger<ButtonDoor> log)
    {
        ArgumentNullException.ThrowIfNull(button);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(settings);
        _button = button;
        _controller = controller;
        _settings = settings;
        _time = time;
        _log = log;
        button.LongClickedThreshold = settings.LongClickThreshold;
        button.Clicked += OnClicked;
        button.LongClicked += OnLongClicked;
        if (settings.DoubleClick != ButtonAction.None)
        {
            button.DoubleClicked += OnDoubleClicked;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _button.Clicked -= OnClicked;
        _button.LongClicked -= OnLongClicked;
        _button.DoubleClicked -= OnDoubleClicked;
    }

    private void OnClicked(object? sender, EventArgs e) => Pressed(ButtonEvent.Click, _settings.Click);

    private void OnDoubleClicked(object? sender, EventArgs e) => Pressed(ButtonEvent.DoubleClick, _settings.DoubleClick);

    private void OnLongClicked(object? sender, EventArgs e) => Pressed(ButtonEvent.LongClick, _settings.LongClick);

    // The button raises one event at a time, never while a handler of its own runs, so this needs no lock.
    private void Pressed(ButtonEvent press, ButtonAction action)
    {
        long now = _time.GetTimestamp();
        if (_lastPress is { } last && _time.GetElapsedTime(last, now) < MinimumSpacing)
        {
            _log.LogDebug("Button {Press} dropped: less than {Spacing} ms after the last press.", press, MinimumSpacing.TotalMilliseconds);
            return;
        }

        _lastPress = now;
        _controller.Press(press, Request(action));
    }

    private LedRequest? Request(ButtonAction action) => action switch
    {
        ButtonAction.Toggle => LedCommand.Toggle,
        ButtonAction.On => LedCommand.On,
        ButtonAction.Off => LedCommand.Off,
        // On an LED that cannot dim the controller refuses a step with a warning; the press itself is still told.
        ButtonAction.BrightnessUp => new LedRequest(LedCommand.Step, Step: _settings.BrightnessStep),
        ButtonAction.BrightnessDown => new LedRequest(LedCommand.Step, Step: -_settings.BrightnessStep),
        _ => null,
    };
}
