namespace EspWs.App.Control;

/// <summary>Maps the brightness people ask for (perceived, 0 to 1) to the PWM duty cycle that looks that bright.</summary>
/// <remarks>
/// An LED's light output follows its duty cycle, but the eye does not: half the light looks far more than half as
/// bright. CIE 1931's lightness curve (the one behind CIE L*) is the standard model of that, so 50 % asks for about
/// 18 % duty and a slider or a fade moves evenly to the eye, where a linear map crowds all visible change into the
/// bottom fifth. Unlike a pure power law (ESPHome's gamma 2.8) it stays linear near black, so 1 % is not rounded to
/// nothing on an 8-bit PWM: a lit LED never gets less than <see cref="MinimumLitDuty"/>.
/// </remarks>
public static class BrightnessCurve
{
    /// <summary>The least duty cycle of a lit LED: one step of an 8-bit PWM, the coarsest a board offers.</summary>
    public const float MinimumLitDuty = 1f / 255f;

    /// <summary>The duty cycle, 0 to 1, for the perceived brightness <paramref name="level"/> (0 to 1); 0 stays 0.</summary>
    public static float DutyCycle(float level)
    {
        if (level <= 0f)
        {
            return 0f;
        }

        // CIE 1931: lightness L* = 116·Y^(1/3) − 16 above Y = 0.008856, and L* = 903.3·Y below it; inverted here with L* = 100·level.
        float lightness = Math.Min(level, 1f) * 100f;
        float duty = lightness > 8f ? MathF.Pow((lightness + 16f) / 116f, 3f) : lightness / 903.3f;
        return Math.Max(duty, MinimumLitDuty);
    }
}
