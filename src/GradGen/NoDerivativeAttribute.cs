using System;

namespace GradGen
{
    /// <summary>
    /// Holds a parameter of a <see cref="DifferentiableAttribute"/> method constant: GradGen computes no
    /// derivative with respect to it. Use it for data, labels and hyper-parameters.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = false)]
    public sealed class NoDerivativeAttribute : Attribute
    {
    }
}
