using System.Collections.Generic;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model
{
    /// <summary>How generated code builds a value of a model type: an object initializer of its differentiable members, or a
    /// constructor whose parameters are those members, in its parameters' order.</summary>
    internal enum ModelBuildKind : byte
    {
        Initializer,
        Constructor,
    }

    /// <summary>A differentiable member of a model type: a double or float (<see cref="Leaf"/> a real scalar), a one-dimensional
    /// array of them (<see cref="Leaf"/> a real array), or a nested model type (<see cref="Nested"/>). <see cref="IsField"/> and
    /// <see cref="Settable"/>: whether it is a field, and whether code outside the type can assign it after construction (not
    /// readonly, not init-only), which decides whether an adjoint can be written back member by member.</summary>
    internal sealed record ModelMember(string Name, TypeRef? Leaf, ModelShape? Nested, bool IsField, bool Settable);

    /// <summary>A type GradGen differentiates member by member (CONTRACT "Model types"): a struct, record struct, record or
    /// class whose fields and auto-properties hold double, float, their arrays or nested such types. <see cref="Members"/>
    /// lists its differentiable members (in declaration order, or in the constructor's parameter order when
    /// <see cref="Build"/> is <see cref="ModelBuildKind.Constructor"/>); its other members are left default in a gradient.</summary>
    internal sealed record ModelShape(TypeRef Type, bool IsReferenceType, ModelBuildKind Build, EquatableArray<ModelMember> Members);

    /// <summary>One scalar or array a model-type parameter holds, at <see cref="Path"/> (member names from the parameter), and
    /// the variable that stands for it in the IR: the derivative cores see it as a differentiable parameter of its own.</summary>
    internal sealed record ModelLeaf(EquatableArray<string> Path, Variable Slot)
    {
        public string Access => string.Join(".", Path);
    }

    /// <summary>What makes a parameter (or <c>this</c>) a model-type one: how its type is built, and its leaves.</summary>
    internal sealed record ModelParameter(ModelShape Shape, EquatableArray<ModelLeaf> Leaves);

    /// <summary>The derivative cores' view of model-type parameters.</summary>
    internal static class ModelParameters
    {
        /// <summary><paramref name="model"/> as the derivative cores see it: a model-type parameter stays (held constant, as
        /// the leaves' source) and is followed by its leaves, each a differentiable parameter of its own; the leaves of
        /// <c>this</c> (WithRespectToThis) come first. The same model when it has none.</summary>
        public static MethodModel Scalarized(MethodModel model)
        {
            bool any = model.This is not null;
            foreach (ParameterModel p in model.Parameters) any |= p.Model is not null;
            if (!any) return model;

            var parameters = new List<ParameterModel>();
            foreach (ModelLeaf leaf in model.This?.Leaves ?? default) parameters.Add(new ParameterModel(leaf.Slot, ParameterRefKind.None, true, false, null));
            foreach (ParameterModel p in model.Parameters)
            {
                if (p.Model is not { } m)
                {
                    parameters.Add(p);
                    continue;
                }

                parameters.Add(p with { IsDifferentiable = false, Model = null });
                foreach (ModelLeaf leaf in m.Leaves) parameters.Add(new ParameterModel(leaf.Slot, ParameterRefKind.None, true, false, null));
            }

            return model with { Parameters = parameters.ToEquatableArray() };
        }
    }
}
