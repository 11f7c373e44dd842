<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
  <context>
    <name>Aggregate</name>
    <message>
      <location filename="../algorithms/aggregate.py" line="28" />
      <source>Aggregate to coarse grid</source>
      <translation>聚合到粗分辨率网格</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="31" />
      <source>Fine raster or time stack → the coarse grid of a reference layer (mean, median, mode, min, max, std).</source>
      <translation>精细栅格或时间序列栈 → 参考图层的粗分辨率网格（均值、中位数、众数、最小值、最大值、标准差）。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="35" />
      <source>Aggregates a fine raster or time stack (1 km MODIS indices, LST, DEM, land cover…) onto the grid of a coarse reference layer, e.g. the 36 km SMAP product, so the predictors and the soil moisture can be paired for training. The downscaling papers do this with the mean for continuous layers and the mode for land cover (Nadeem et al. 2023; Xu et al. 2024). Input and reference may be in any CRSs (EASE-Grid 2.0 EPSG:6933, WGS 84, UTM, MODIS sinusoidal…).</source>
      <translation>将精细栅格或时间序列栈（1 km MODIS 指数、LST、DEM、土地覆盖……）聚合到粗分辨率参考图层（例如 36 km SMAP 产品）的网格上，使预测因子与土壤水分能够配对用于训练。降尺度文献对连续型图层采用均值、对土地覆盖采用众数来完成这一步（Nadeem et al. 2023；Xu et al. 2024）。输入和参考图层可以采用任意 CRS（EASE-Grid 2.0 EPSG:6933、WGS 84、UTM、MODIS 正弦投影……）。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="46" />
      <source>the fine raster or time stack. Every band is aggregated and keeps its description, so a stack keeps its dates; one band in gives one band out. Its nodata cells are left out. A raster without a CRS is refused. NaN/inf cells of a raster without a nodata value are left out too, and counted in a warning.</source>
      <translation>细栅格或时间堆栈。每个波段都会被聚合并保留其描述，因此堆栈保留其日期；输入一个波段则输出一个波段。其无数据像元不参与计算。没有坐标参考系的栅格会被拒绝。没有无数据值的栅格中的 NaN/inf 像元同样不参与计算，并在警告中计数。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="52" />
      <source>the coarse layer whose grid (CRS, cell size, extent) the output takes; its values are not used. The output covers the whole reference grid; cells outside the input are nodata. The input's cells must be smaller than the reference's (for coarse → fine use Resample to fine grid).</source>
      <translation>粗分辨率图层，输出采用其网格（CRS、像元大小、范围），但不使用其值。输出覆盖整个参考网格；输入范围以外的像元为无数据值。输入的像元必须小于参考图层的像元（由粗到细请使用“重采样到精细网格”）。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="57" />
      <source>mean (default; area-weighted), median, mode (the most frequent class, for categorical layers such as land cover; ties go to the smallest code; the input must hold integer codes, non-integer values are refused, not rounded), minimum, maximum or standard deviation (population, area-weighted).</source>
      <translation>均值（默认；面积加权）、中位数、众数（出现次数最多的类别，用于土地覆盖等分类图层；并列时取最小编码；输入必须为整数编码，非整数值将被拒绝而不会被取整）、最小值、最大值或标准差（总体标准差，面积加权）。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="62" />
      <source>0–1, default 0.5: a coarse cell whose share of valid input cells is smaller becomes nodata. The share is of the coarse cell's area, so cells only partly covered by the input count their uncovered part as missing. 0 keeps every coarse cell with at least one valid input cell; 1 requires complete, gap-free coverage. (The ≥ 90 % rule of Nadeem et al. 2023 is about dates — the share of valid coarse cells per date — and is applied when training, not here.)</source>
      <translation>0–1，默认 0.5：有效输入像元比例低于该值的粗像元将设为无数据值。该比例以粗像元面积计，因此对于仅部分被输入覆盖的像元，其未覆盖部分计为缺失。0 保留至少含一个有效输入像元的所有粗像元；1 要求完整、无缺口的覆盖。（Nadeem et al. 2023 的 ≥ 90 % 规则针对的是日期——即每个日期有效粗像元的比例——且在训练时应用，而非在此处。）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="69" />
      <source>GeoTIFF on the reference grid, one band per input band with the input's band descriptions (dates), in the input's units (class codes for mode), float32, nodata −9999, DEFLATE-compressed, 256×256 tiles; written completely or not at all.</source>
      <translation>参考网格上的 GeoTIFF，每个输入波段对应一个输出波段，保留输入的波段描述（日期），单位与输入相同（众数为类别编码），float32，无数据值 −9999，DEFLATE 压缩，256×256 分块；要么完整写出，要么完全不写。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="74" />
      <source>optional: the valid share (0–1) of every coarse cell and band, same layout; 0 outside the input.</source>
      <translation>可选：每个粗像元、每个波段的有效比例（0–1），布局相同；输入范围以外为 0。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="81" />
      <source>Cell membership: every input cell belongs wholly to the coarse cell that contains its centre (the centre transformed into the reference CRS). For nested grids (1 km EASE-Grid 2.0 cells inside 36 km cells) this is exact. For grids that are not nested, an input cell straddling a coarse edge is counted whole on one side, so the error is at most half an input cell along each coarse edge (the log says which case applies).</source>
      <translation>像元归属：每个输入像元整体归入包含其中心点（中心点转换到参考 CRS 后）的粗分辨率像元。对于嵌套网格（36 km 像元内的 1 km EASE-Grid 2.0 像元），结果是精确的。对于非嵌套网格，跨越粗像元边界的输入像元会被整体计入一侧，因此沿每条粗像元边界的误差至多为半个输入像元（日志会说明属于哪种情况）。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="87" />
      <source>Area weights: the mean and standard deviation weight each input cell by its area. Projected inputs (UTM, EASE-Grid 2.0, …) have equal cells; geographic inputs (WGS 84 degrees) are weighted by cos(latitude), to which the true area of a degree cell is proportional. Median, mode, minimum and maximum count cells; the valid fraction is area-weighted like the mean.</source>
      <translation>面积权重：均值和标准差按每个输入像元的面积加权。投影坐标系输入（UTM、EASE-Grid 2.0 ……）的像元面积相等；地理坐标系输入（WGS 84 经纬度）按 cos(latitude) 加权，经纬度像元的真实面积与之成正比。中位数、众数、最小值和最大值按像元计数；有效比例与均值一样按面积加权。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="92" />
      <source>Memory does not grow with the raster: the reference grid is processed in strips of coarse rows and only the input window under each strip is read. Cancel stops at the next strip and leaves no output.</source>
      <translation>内存占用不随栅格大小增长：参考网格按由若干粗像元行组成的条带分块处理，每次只读取该条带下方的输入窗口。取消操作会在下一个条带处停止，且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="95" />
      <source>Size limits, checked before anything is read: one reference cell may hold at most about 33.5 million input cells (they are held in memory together, ≈ 1.5 GiB), and the input may have at most about 4.3 × 10⁹ cells per band over the reference grid (more takes many minutes per band). Beyond either, the message says by how much and what to do: aggregate onto an intermediate grid first, or clip the input to the region that holds data.</source>
      <translation>规模限制，在读取任何数据之前检查：一个参考像元最多可包含约 3350 万个输入像元（它们会同时保存在内存中，约 1.5 GiB），输入在参考网格范围内每个波段最多约 4.3 × 10⁹ 个像元（更多则每个波段需要许多分钟）。超出任一限制时，消息会说明超出多少以及如何处理：先聚合到中间网格，或将输入裁剪到有数据的区域。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="115" />
      <source>Minimum valid fraction of a coarse cell (0–1)</source>
      <translation>粗分辨率像元的最小有效比例（0–1）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="106" />
      <source>Input raster or time stack (fine)</source>
      <translation>输入栅格或时间序列栈（精细）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="108" />
      <source>Reference layer (coarse grid; values not used)</source>
      <translation>参考图层（粗分辨率网格；不使用其值）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="110" />
      <source>Method</source>
      <translation>方法</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="119" />
      <source>Aggregated</source>
      <translation>聚合结果</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="121" />
      <source>Valid fraction (0–1)</source>
      <translation>有效比例（0–1）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="145" />
      <source>Valid fraction</source>
      <translation>有效比例</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="141" />
      <source>{name} ({method}, {n} band(s))</source>
      <translation>{name}（{method}，{n} 个波段）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="111" />
      <source>Mean (area-weighted)</source>
      <translation>均值（面积加权）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="111" />
      <source>Median</source>
      <translation>中位数</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="111" />
      <source>Mode (categorical)</source>
      <translation>众数（分类数据）</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="112" />
      <source>Minimum</source>
      <translation>最小值</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="112" />
      <source>Maximum</source>
      <translation>最大值</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="112" />
      <source>Standard deviation</source>
      <translation>标准差</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="126" />
      <source>No {label} layer was given. Select a raster.</source>
      <translation>未指定{label}图层。请选择一个栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="128" />
      <source>input</source>
      <translation>输入</translation>
    </message>
    <message>
      <location filename="../algorithms/aggregate.py" line="129" />
      <source>reference</source>
      <translation>参考</translation>
    </message>
  </context>
  <context>
    <name>AlignDates</name>
    <message>
      <location filename="../algorithms/aligndates.py" line="34" />
      <source>Number of bands</source>
      <translation>波段数</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="34" />
      <source>Output cells with a value (%)</source>
      <translation>有值的输出像元（%）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="38" />
      <source>Align stack to dates</source>
      <translation>将时间序列栈对齐到日期</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="41" />
      <source>Puts a dated stack (8- or 16-day composites, irregular dates) onto the dates of another stack, typically the coarse soil-moisture product, by linear interpolation in time per pixel.</source>
      <translation>将带日期的时间序列栈（8 天或 16 天合成、不规则日期）逐像元在时间上线性插值，对齐到另一个时间序列栈的日期上，通常为粗分辨率土壤水分产品的日期。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="46" />
      <source>Train and Predict pair layers by date, so an 8-day NDVI composite must first be put onto the daily dates of the coarse soil-moisture product. As in Xu et al. (2024), A Spatial Downscaling Framework for SMAP Soil Moisture Based on Stacking Strategy, Remote Sensing 16, 200, who made daily images from 8-day MODIS composites by linear interpolation and optionally smoothed them with a Savitzky–Golay filter, each pixel's value on a target date is interpolated linearly between its nearest earlier and nearest later observation. The output keeps the grid of the stack to align (putting it on the coarse grid is the job of 'Aggregate to coarse grid') and has one band per target date.</source>
      <translation>“训练”和“预测”按日期配对图层，因此 8 天合成的 NDVI 必须先对齐到粗分辨率土壤水分产品的逐日日期上。与 Xu et al. (2024), A Spatial Downscaling Framework for SMAP Soil Moisture Based on Stacking Strategy, Remote Sensing 16, 200 一样（他们通过线性插值由 8 天 MODIS 合成生成逐日影像，并可选地用 Savitzky–Golay 滤波进行平滑），每个像元在目标日期上的值由其最近的前一个观测与最近的后一个观测线性插值得到。输出保留待对齐时间序列栈的格网（将其放到粗分辨率格网上是“聚合到粗分辨率网格”的任务），每个目标日期一个波段。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="60" />
      <source>a raster whose bands are dates: each band's description is its ISO date, in increasing order, at least 2 bands (Build time stack and the importers make them; a composite is dated by the centre of its period). Its nodata (and NaN) marks missing observations.</source>
      <translation>波段为日期的栅格：每个波段的描述为其 ISO 日期，按递增顺序排列，至少 2 个波段（由“构建时间序列栈”和各导入算法生成；合成产品以其合成期的中心日期标注）。其无数据值（及 NaN）表示缺失的观测。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="65" />
      <source>optional: a stack whose band dates are the target dates, usually the coarse soil-moisture stack. Only its dates are read, not its grid or values. Give this or the target dates, not both.</source>
      <translation>可选：一个时间序列栈，其波段日期即为目标日期，通常为粗分辨率土壤水分时间序列栈。只读取其日期，不读取其格网或数值。请提供该项或目标日期，二者不可同时提供。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="69" />
      <source>optional, instead of a target stack: ISO dates separated by commas (2019-04-01,2019-04-09), or a range start/end meaning every day from start to end, both included (2019-04-01/2019-06-30); ranges and dates may be mixed. They are sorted; a date given twice is used once.</source>
      <translation>可选，代替目标时间序列栈：以逗号分隔的 ISO 日期（2019-04-01,2019-04-09），或表示从开始到结束每一天（含两端）的范围 start/end（2019-04-01/2019-06-30）；范围和日期可以混合使用。日期会被排序；重复给出的日期只使用一次。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="74" />
      <source>optional: a stack with the same bands and grid as the stack to align, whose values are each pixel's observation day of the year (1–366): the MODIS "composite day of the year" layer, or MOD09A1 "sur_refl_day_of_year". Each observation is then placed on its own day instead of the band date. A day of year more than 183 days before the band's own day of year belongs to the next year (a composite that crosses New Year), more than 183 days after it to the previous year. Where it is nodata or not a day of the year, the band date is used.</source>
      <translation>可选：与待对齐时间序列栈具有相同波段和格网的时间序列栈，其值为每个像元的观测年积日（1–366）：MODIS 的 "composite day of the year" 图层，或 MOD09A1 的 "sur_refl_day_of_year"。此时每个观测被放在其自身的日期上，而不是波段日期上。若年积日比该波段自身的年积日早 183 天以上，则属于下一年（跨越新年的合成）；晚 183 天以上则属于上一年。若其为无数据值或不是有效的年积日，则使用波段日期。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="83" />
      <source>days. A target date is interpolated when its nearest earlier and nearest later observation are at most this many days apart; otherwise it stays nodata. Default 16 days: one missing 8-day composite is bridged (its neighbours are 16 days apart), two are not. For 16-day composites use 32. 0 only copies observations that fall on a target date.</source>
      <translation>天。当目标日期最近的前一个观测与后一个观测相距不超过该天数时进行插值；否则保持为无数据值。默认 16 天：可跨越一个缺失的 8 天合成（其相邻两期相距 16 天），但不能跨越两个。对于 16 天合成请使用 32。0 表示只复制恰好落在目标日期上的观测。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="89" />
      <source>bands on each side of a band in the Savitzky–Golay window applied to the observations, on the source band dates, before interpolating (as 'Gap fill and smooth time stack' does; short gaps are bridged for the windows only). Default 0: no smoothing; Xu et al. 2024 used m = 5.</source>
      <translation>在插值之前，对观测在源波段日期上应用的 Savitzky–Golay 窗口中某波段每侧的波段数（与“时间序列栈缺失填补与平滑”相同；较短的缺失仅为窗口计算而跨越）。默认 0：不平滑；Xu et al. 2024 使用 m = 5。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="94" />
      <source>degree of the local polynomial; must be smaller than the window (2 × half-window + 1). Default 4 (Xu et al. 2024: d = 4). Used only when the half-window is above 0.</source>
      <translation>局部多项式的阶数；必须小于窗口大小（2 × 半窗口 + 1）。默认 4（Xu et al. 2024：d = 4）。仅在半窗口大于 0 时使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="98" />
      <source>advanced, days. Nothing is extrapolated before a pixel's first or after its last observation, except that a target date at most this many days from that first (or last) observation takes its value (the nearest value, not a trend), e.g. 4 for daily dates up to half an 8-day period beyond the last composite centre. Gaps inside the series are not extended. Default 0: no extension.</source>
      <translation>高级，天。在像元的第一个观测之前或最后一个观测之后不进行外推，但与该第一个（或最后一个）观测相距不超过此天数的目标日期取该观测的值（最近值，而非趋势），例如取 4，可覆盖最后一个合成中心日期之后至多半个 8 天合成期的逐日日期。序列内部的缺失不做延伸。默认 0：不延伸。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="105" />
      <source>the grid of the stack to align, one band per target date described by its ISO date; GeoTIFF, float32, nodata −9999, the units of the stack to align; written completely or not at all. The log says how many target cells were interpolated, copied from an observation on the target date, extended, and left nodata (gap too long, or before the first or after the last observation).</source>
      <translation>待对齐时间序列栈的格网，每个目标日期一个波段，波段描述为其 ISO 日期；GeoTIFF，float32，无数据值 −9999，单位与待对齐时间序列栈相同；要么完整写出，要么完全不写出。日志会给出目标像元中有多少是插值得到的、从目标日期上的观测复制的、延伸得到的，以及保留为无数据值的（缺失过长，或位于第一个观测之前或最后一个观测之后）。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="112" />
      <source>the band count, the share of output cells that have a value (%), and the comma-separated target dates, for later Modeler steps.</source>
      <translation>波段数、有值的输出像元比例（%），以及逗号分隔的目标日期，供图形建模器的后续步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="118" />
      <source>A target date that coincides with an observation (within 1e-6 day) takes the observation's value. Dates with a time of day (2019-04-01T06:00) are placed at that time; a date without one at 00:00. With a day-of-year stack the smoothing still uses the band dates; only the interpolation uses each pixel's own days.</source>
      <translation>与某个观测重合（相差不超过 1e-6 天）的目标日期取该观测的值。带有时刻的日期（2019-04-01T06:00）放在该时刻；不带时刻的日期放在 00:00。提供年积日时间序列栈时，平滑仍使用波段日期；只有插值使用每个像元自身的日期。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="137" />
      <source>Maximum gap to interpolate across (days between observations)</source>
      <translation>最大插值跨越缺失长度（观测之间的天数）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="140" />
      <source>Savitzky–Golay half-window m (bands; 0 = no smoothing)</source>
      <translation>Savitzky–Golay 半窗口 m（波段数；0 = 不平滑）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="142" />
      <source>Savitzky–Golay polynomial order d (≤ 2m)</source>
      <translation>Savitzky–Golay 多项式阶数 d（≤ 2m）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="145" />
      <source>Extend beyond the first and last observation (days)</source>
      <translation>在第一个和最后一个观测之外延伸（天）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="157" />
      <source>No stack to align was given. Select a raster whose bands are dates.</source>
      <translation>未提供待对齐的时间序列栈。请选择波段为日期的栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="127" />
      <source>Stack to align (bands = dates)</source>
      <translation>待对齐的时间序列栈（波段 = 日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="129" />
      <source>Target stack (its band dates are used)</source>
      <translation>目标时间序列栈（使用其波段日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="131" />
      <source>Target dates (YYYY-MM-DD, comma-separated, or start/end for every day; instead of a target stack)</source>
      <translation>目标日期（YYYY-MM-DD，逗号分隔，或 start/end 表示每一天；代替目标时间序列栈）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="134" />
      <source>Observation day of year per pixel (optional stack)</source>
      <translation>每个像元的观测年积日（可选时间序列栈）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="149" />
      <source>Aligned stack</source>
      <translation>对齐后的时间序列栈</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="152" />
      <source>Target dates (comma-separated)</source>
      <translation>目标日期（逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/aligndates.py" line="173" />
      <source>Aligned stack ({n} dates)</source>
      <translation>对齐后的时间序列栈（{n} 个日期）</translation>
    </message>
  </context>
  <context>
    <name>AntecedentPrecipitation</name>
    <message>
      <location filename="../algorithms/antecedent.py" line="21" />
      <source>Antecedent precipitation index</source>
      <translation>前期降水指数</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="24" />
      <source>Turns a daily precipitation stack into the antecedent precipitation index, the rain of the past days that surface soil moisture follows.</source>
      <translation>将逐日降水时间序列栈转换为前期降水指数，即表层土壤水分所响应的过去数日降水。</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="28" />
      <source>Surface soil moisture follows the rain of the past days more than the rain of the day (Yan &amp; Bai 2020 found precipitation the dominant predictor of their seasonal models; Xu et al. 2024 checked their downscaled maps against rainfall events). The antecedent precipitation index (Kohler &amp; Linsley 1951) carries that memory: API_t = k^Δt · API_(t−1) + P_t (mm), with Δt the days since the previous band. Use the output as a dynamic predictor in Train and Predict.</source>
      <translation>表层土壤水分更多地响应过去数日的降水，而非当天的降水（Yan &amp; Bai 2020 发现降水是其季节模型中最主要的预测因子；Xu et al. 2024 用降水事件检验了其降尺度结果图）。前期降水指数（Kohler &amp; Linsley 1951）承载了这种记忆：API_t = k^Δt · API_(t−1) + P_t（mm），其中 Δt 为距上一波段的天数。请将输出作为“训练”和“预测”中的动态预测因子使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="39" />
      <source>time stack of daily totals (mm), one band per day with its ISO date as band description, in date order (see Build time stack). Missing values count as no rain (counted in the log).</source>
      <translation>逐日降水总量的时间序列栈（mm），每天一个波段，以 ISO 日期作为波段描述，按日期排序（参见“构建时间序列栈”）。缺失值按无降水处理（其数量记入日志）。</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="43" />
      <source>0–1, default 0.85 (about a one-week memory; 0.8–0.95 are usual). The first band starts from the pixel's equilibrium, mean daily rain / (1 − k), so there is no spin-up dip.</source>
      <translation>0–1，默认 0.85（约一周的记忆；常用值为 0.8–0.95）。第一个波段从像元的平衡状态起算，即日均降水 / (1 − k)，因此不会出现预热期（spin-up）的低谷。</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="47" />
      <source>time stack (mm) with the input's grid and band dates, float32, nodata −9999.</source>
      <translation>时间序列栈（mm），网格和波段日期与输入相同，float32，无数据值 −9999。</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="54" />
      <source>Daily retention k (0–1)</source>
      <translation>日消退系数 k（0–1）</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="63" />
      <source>No precipitation stack was given. Select a daily precipitation time stack.</source>
      <translation>未指定降水时间序列栈。请选择逐日降水时间序列栈。</translation>
    </message>
    <message>
      <location filename="../algorithms/antecedent.py" line="53" />
      <source>Daily precipitation stack (mm)</source>
      <translation>逐日降水时间序列栈（mm）</translation>
    </message>
  </context>
  <context>
    <name>SmAlgorithm</name>
    <message>
      <location filename="../algorithms/base.py" line="243" />
      <source>where the work runs. Empty (default): in this process. local:N: N worker processes started on this machine for this run and stopped after it, for qgis_process on a large server; they are separate Python processes (the Python QGIS embeds, or $SMDOWNSCALE_WORKER_PYTHON), never copies of QGIS, so this is also safe in the QGIS desktop. tcp://host:port: a running Dask scheduler ('dask-scheduler') whose workers ('dask-worker tcp://host:port' with the folder holding this plugin on PYTHONPATH) can read the inputs, by path on a shared disk or as a GDAL virtual path (/vsicurl/, /vsis3/). The output is written here and is identical to a run in this process; a worker that dies is replaced and its work redone. Needs Dask's distributed package (python3-distributed).</source>
      <translation>计算在何处运行。留空（默认）：在本进程中运行。local:N：在本机为本次运行启动 N 个工作进程，运行结束后停止，适用于在大型服务器上使用 qgis_process；它们是独立的 Python 进程（QGIS 内嵌的 Python，或 $SMDOWNSCALE_WORKER_PYTHON），绝不是 QGIS 的副本，因此在 QGIS 桌面中使用也是安全的。tcp://host:port：一个正在运行的 Dask 调度器（'dask-scheduler'），其工作进程（'dask-worker tcp://host:port'，并将包含本插件的文件夹加入 PYTHONPATH）能够读取输入数据：通过共享磁盘上的路径，或 GDAL 虚拟路径（/vsicurl/、/vsis3/）。输出在本机写入，与在本进程中运行的结果完全相同；终止的工作进程会被替换，其工作会重新计算。需要 Dask 的 distributed 包（python3-distributed）。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="259" />
      <source>advanced, default on: every date (band) is kept, as soon as it is written, in a hidden folder beside the output (.resume_…). If the run stops — cancelled, killed, a reboot, a full disk — running it again with the same inputs and parameters copies those dates and computes only the rest (the log says how many), giving the same output as an uninterrupted run. The folder is thrown away when the run succeeds, or when a rerun finds that an input file (path, size or modification time), a parameter or the plugin version changed (the log says which). Off: always start over, and neither read nor write that folder.</source>
      <translation>高级，默认开启：每个日期（波段）一写完就保存到输出旁的隐藏文件夹（.resume_…）中。如果运行中止——被取消、被终止、重启或磁盘已满——用相同的输入和参数再次运行时，会复制这些日期，只计算其余部分（日志会说明复用了多少），得到与不中断运行相同的输出。运行成功后，或再次运行时发现某个输入文件（路径、大小或修改时间）、某个参数或插件版本已改变时（日志会说明是哪一项），该文件夹会被删除。关闭：总是重新开始，既不读取也不写入该文件夹。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="273" />
      <source>where compiled LightGBM models are kept (empty: ~/.cache/smdownscale/compiled, or $XDG_CACHE_HOME/smdownscale/compiled). A model is compiled once to machine code (lleaves) and found again by its content, the lleaves and LLVM versions and the CPU; each file is checked against its SHA-256 before it is loaded, and the folder is kept under 2 GiB (least recently used out). On a cluster, a folder the workers can read saves them compiling again.</source>
      <translation>编译后的 LightGBM 模型的存放位置（留空：~/.cache/smdownscale/compiled，或 $XDG_CACHE_HOME/smdownscale/compiled）。模型只编译一次为机器码（lleaves），之后按其内容、lleaves 与 LLVM 版本以及 CPU 再次找到；每个文件在加载前都会与其 SHA-256 校验，文件夹保持在 2 GiB 以内（最久未用的先删除）。在集群上，工作进程可读取的文件夹可省去它们重新编译。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="174" />
      <source>Lower limit (m³/m³)</source>
      <translation>下限（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="176" />
      <source>Upper limit (m³/m³)</source>
      <translation>上限（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="143" />
      <source>Cluster (empty = this process, local:N, tcp://host:port)</source>
      <translation>集群（留空 = 本进程，local:N，tcp://host:port）</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="150" />
      <source>Resume an interrupted run (off = always start over)</source>
      <translation>继续中断的运行（关闭 = 总是重新开始）</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="163" />
      <source>Compiled-model cache folder (empty = the user's cache folder)</source>
      <translation>编译模型缓存文件夹（留空 = 用户缓存文件夹）</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="113" />
      <source>Cancelled by the user.</source>
      <translation>已被用户取消。</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="210" />
      <source>The folder of the {output} does not exist. Create it or choose another place: {folder}</source>
      <translation>{output}所在的文件夹不存在。请创建该文件夹或选择其他位置：{folder}</translation>
    </message>
    <message>
      <location filename="../algorithms/helptext.py" line="26" />
      <source>PARAMETERS</source>
      <translation>参数</translation>
    </message>
    <message>
      <location filename="../algorithms/helptext.py" line="29" />
      <source>OUTPUTS</source>
      <translation>输出</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="0" />
      <source>Prepare predictors</source>
      <translation>准备预测因子</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="0" />
      <source>Downscale</source>
      <translation>降尺度</translation>
    </message>
    <message>
      <location filename="../algorithms/base.py" line="0" />
      <source>Fuse and validate</source>
      <translation>融合与验证</translation>
    </message>
  </context>
  <context>
    <name>BuildTimeStack</name>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="27" />
      <source>Number of dates</source>
      <translation>日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="30" />
      <source>Build time stack</source>
      <translation>构建时间序列栈</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="33" />
      <source>Single-date rasters → one multi-band GeoTIFF whose bands are dates.</source>
      <translation>单日期栅格 → 以日期为波段的多波段 GeoTIFF。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="36" />
      <source>Stacks single-date rasters (one SMAP, MODIS, Landsat… file per date) into one tiled, compressed float32 GeoTIFF with one band per date, sorted by date. Each band's description is its ISO date (2019-04-01, or 2019-04-01T06:00 where the time of day matters); the other algorithms of this provider match dates by it. Every downscaling study in the README's references starts from such daily files.</source>
      <translation>将单日期栅格（每个日期一个 SMAP、MODIS、Landsat……文件）堆叠为一个分块、压缩的 float32 GeoTIFF，每个日期一个波段，按日期排序。每个波段的描述为其 ISO 日期（2019-04-01；当一天中的时刻有意义时为 2019-04-01T06:00）；本提供程序中的其他算法据此匹配日期。README 参考文献中的每一项降尺度研究都以此类逐日文件为起点。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="46" />
      <source>the single-date rasters. Their dates come from Dates or, when it is empty, from the file names: 2019-04-01 (optionally T06:00), 20190401 (SMAP SMAP_L3_SM_P_20190401_R18290_001, Sentinel-2, Landsat — the first date in the name, the acquisition date) or MODIS A2019091 (year, day of year). A name without a date, or two inputs with one date, stop the algorithm with a message naming the file.</source>
      <translation>单日期栅格。其日期取自“日期”参数；该参数为空时从文件名读取：2019-04-01（可带 T06:00）、20190401（SMAP 的 SMAP_L3_SM_P_20190401_R18290_001、Sentinel-2、Landsat——取文件名中的第一个日期，即获取日期）或 MODIS 的 A2019091（年份、年积日）。若文件名中没有日期，或两个输入日期相同，算法将停止并给出指明该文件的提示。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="53" />
      <source>optional; one ISO date per input, in input order, separated by commas, e.g. 2019-04-01, 2019-04-04.</source>
      <translation>可选；每个输入一个 ISO 日期，按输入顺序以逗号分隔，例如 2019-04-01, 2019-04-04。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="55" />
      <source>advanced: the band taken from every input. Default 1.</source>
      <translation>高级：从每个输入中提取的波段。默认 1。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="56" />
      <source>advanced: inputs on another grid than the FIRST input (other CRS, cell size or extent) are aligned onto the first input's grid with this resampling, and the log lists them. Default nearest neighbour, which keeps categorical and flag values intact; use bilinear for continuous fields.</source>
      <translation>高级：网格与第一个输入不同（CRS、像元大小或范围不同）的输入，将采用此重采样方法对齐到第一个输入的网格上，并在日志中列出。默认为最近邻，可保持分类值和标志值不变；连续型字段请使用双线性。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="61" />
      <source>advanced. Default: the first input's nodata, or −9999 when it has none. Every input's own nodata becomes this value.</source>
      <translation>高级。默认：取第一个输入的无数据值；若其没有无数据值，则为 −9999。每个输入自身的无数据值都会转换为该值。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="64" />
      <source>advanced, optional: the file name of a temporary output (e.g. lst → lst.tif). Train and Predict name predictors after their layers, so in a model give every stack its own name. A file you choose keeps its name.</source>
      <translation>高级，可选：临时输出的文件名（如 lst → lst.tif）。“训练”和“预测”算法以图层名称命名预测因子，因此在模型中请为每个时间序列栈指定各自的名称。您自行选择的文件保留其文件名。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="68" />
      <source>GeoTIFF, float32, DEFLATE-compressed, 256×256 tiles; written completely or not at all.</source>
      <translation>GeoTIFF，float32，DEFLATE 压缩，256×256 分块；要么完整写出，要么完全不写。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="70" />
      <source>the band count and the comma-separated dates, for later Modeler steps.</source>
      <translation>波段数和逗号分隔的日期，供图形建模器的后续步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="81" />
      <source>Band taken from every input</source>
      <translation>从每个输入中提取的波段</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="87" />
      <source>Output nodata (empty = first input's, else −9999)</source>
      <translation>输出无数据值（留空 = 取第一个输入的值，否则为 −9999）</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="77" />
      <source>Input rasters (one per date)</source>
      <translation>输入栅格（每个日期一个）</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="79" />
      <source>Dates (YYYY-MM-DD, comma-separated, in input order; empty = read from file names)</source>
      <translation>日期（YYYY-MM-DD，逗号分隔，按输入顺序；留空 = 从文件名读取）</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="84" />
      <source>Resampling for inputs on another grid</source>
      <translation>其他网格输入的重采样方法</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="90" />
      <source>Name of a temporary output (e.g. lst; the predictor name in a model)</source>
      <translation>临时输出的名称（如 lst；即模型中的预测因子名称）</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="94" />
      <source>Time stack</source>
      <translation>时间序列栈</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="96" />
      <source>Dates (comma-separated)</source>
      <translation>日期（逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="104" />
      <source>No input rasters were given. Select at least one single-date raster.</source>
      <translation>未指定输入栅格。请至少选择一个单日期栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="118" />
      <source>Time stack ({n} dates)</source>
      <translation>时间序列栈（{n} 个日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="85" />
      <source>Nearest neighbour</source>
      <translation>最近邻</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="85" />
      <source>Bilinear</source>
      <translation>双线性</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="85" />
      <source>Cubic</source>
      <translation>三次卷积</translation>
    </message>
    <message>
      <location filename="../algorithms/buildtimestack.py" line="85" />
      <source>Average</source>
      <translation>平均值</translation>
    </message>
  </context>
  <context>
    <name>CoarseImport</name>
    <message>
      <location filename="../algorithms/coarse_import.py" line="30" />
      <source>Lowest valid value (m³/m³)</source>
      <translation>最小有效值（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="31" />
      <source>Highest valid value (m³/m³)</source>
      <translation>最大有效值（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="45" />
      <source>values outside 0.02–0.6 m³/m³ (default) are removed.</source>
      <translation>剔除超出 0.02–0.6 m³/m³（默认）范围的值。</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="47" />
      <source>optional: cut the global grid to this extent (any CRS, or a layer's extent), snapped outward to whole cells; empty = the whole globe.</source>
      <translation>可选：将全球格网裁剪到该范围（任意 CRS，或某图层的范围），并向外对齐到完整像元；留空 = 全球。</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="50" />
      <source>band count, band dates, product.</source>
      <translation>波段数、波段日期、产品。</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="33" />
      <source>Extent (empty = whole globe)</source>
      <translation>范围（留空 = 全球）</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="38" />
      <source>Band dates (comma-separated)</source>
      <translation>波段日期（以逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="39" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="83" />
      <source>{label} ({n} bands)</source>
      <translation>{label}（{n} 个波段）</translation>
    </message>
    <message>
      <location filename="../algorithms/coarse_import.py" line="58" />
      <source>No file was given. Select one or more {what}.</source>
      <translation>未提供任何文件。请选择一个或多个 {what}。</translation>
    </message>
  </context>
  <context>
    <name>DeriveIndices</name>
    <message>
      <location filename="../algorithms/deriveindices.py" line="28" />
      <source>Number of dates</source>
      <translation>日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="31" />
      <source>Derive spectral indices</source>
      <translation>计算光谱指数</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="34" />
      <source>Surface reflectance → NDVI, EVI, NDWI, LSWI, NSDSI and (Landsat) tasselled-cap wetness, per date.</source>
      <translation>地表反射率 → NDVI、EVI、NDWI、LSWI、NSDSI 以及（Landsat）缨帽变换湿度分量，逐日期计算。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="38" />
      <source>Computes vegetation and soil-wetness indices from multi-band surface-reflectance rasters (one raster per date, the sensor's bands in one file), as used as downscaling predictors by Nadeem et al. (2023, Remote Sensing 15(3):812; NDWI, LSWI, NSDSI from MOD09GA eqs. 1–3), Xu et al. (2024, Remote Sensing 16:200; NDVI, EVI, NDWI, NSDSI from MOD09A1 eqs. 1–4) and Cai et al. (2022, Remote Sensing 14:5681; Landsat 8 wetness). With ρ the reflectance (0–1): NDVI = (nir − red)/(nir + red); EVI = 2.5 (nir − red)/(nir + 6 red − 7.5 blue + 1); NDWI = (green − nir)/(green + nir); LSWI = (nir − swir1)/(nir + swir1); NSDSI = (swir1 − swir2)/swir1; tasselled-cap wetness = 0.1511 blue + 0.1973 green + 0.3283 red + 0.3407 nir − 0.7117 swir1 − 0.4559 swir2 (Baig et al. 2014, Remote Sensing Letters 5(5):423–431, doi:10.1080/2150704X.2014.915434; coefficients derived for Landsat 8 OLI at-satellite reflectance, commonly applied to surface reflectance).</source>
      <translation>由多波段地表反射率栅格（每个日期一个栅格，传感器各波段位于同一文件中）计算植被指数和土壤湿润指数，这些指数在以下研究中被用作降尺度预测因子：Nadeem 等（2023，Remote Sensing 15(3):812；NDWI、LSWI、NSDSI 基于 MOD09GA，式 1–3）、Xu 等（2024，Remote Sensing 16:200；NDVI、EVI、NDWI、NSDSI 基于 MOD09A1，式 1–4）以及 Cai 等（2022，Remote Sensing 14:5681；Landsat 8 湿度分量）。记 ρ 为反射率（0–1）：NDVI = (nir − red)/(nir + red)；EVI = 2.5 (nir − red)/(nir + 6 red − 7.5 blue + 1)；NDWI = (green − nir)/(green + nir)；LSWI = (nir − swir1)/(nir + swir1)；NSDSI = (swir1 − swir2)/swir1；缨帽湿度分量 = 0.1511 blue + 0.1973 green + 0.3283 red + 0.3407 nir − 0.7117 swir1 − 0.4559 swir2（Baig 等 2014，Remote Sensing Letters 5(5):423–431，doi:10.1080/2150704X.2014.915434；系数针对 Landsat 8 OLI 星上反射率推导，通常也应用于地表反射率）。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="55" />
      <source>one multi-band raster per date. One raster gives single-band outputs; several give time stacks (one band per date, sorted by date, each band described by its ISO date), with dates from Dates or from the file names as in Build time stack (2019-04-01, 20190401, MODIS A2019091). Inputs on another grid than the FIRST input are aligned onto the first input's grid by nearest neighbour (fill values stay intact) and listed in the log; inputs that do not overlap it are refused. A raster with fewer bands than the sensor layout needs (e.g. a single band, or an index), or without a CRS, is refused. NaN/inf cells of a raster without a nodata value are treated as missing and counted in a warning.</source>
      <translation>每个日期一个多波段栅格。一个栅格得到单波段输出；多个栅格得到时间堆栈（每个日期一个波段，按日期排序，每个波段以其 ISO 日期描述），日期取自“日期”参数或文件名，与“构建时间堆栈”相同（2019-04-01、20190401、MODIS A2019091）。与第一个输入网格不同的输入会以最近邻方式对齐到第一个输入的网格（填充值保持不变）并在日志中列出；与其不重叠的输入会被拒绝。波段数少于传感器布局所需（例如单波段或一个指数）或没有坐标参考系的栅格会被拒绝。没有无数据值的栅格中的 NaN/inf 像元视为缺失，并在警告中计数。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="66" />
      <source>band layout and scaling (reflectance = DN × scale + offset). MODIS MOD09GA/MYD09GA/MOD09A1 (default): the 7 sur_refl bands in order — b1 red 620–670 nm, b2 NIR 841–876, b3 blue 459–479, b4 green 545–565, b5 1230–1250, b6 SWIR1 1628–1652, b7 SWIR2 2105–2155; scale 0.0001, fill −28672. Landsat 8/9 OLI Collection 2 Level-2: SR_B2…SR_B7 as bands 1–6 (blue, green, red, NIR, SWIR1, SWIR2); scale 0.0000275, offset −0.2, fill 0. Sentinel-2 MSI L2A: B02, B03, B04, B08, B11, B12 as bands 1–6; scale 0.0001, offset −0.1 (processing baseline 04.00 or later: ρ = (DN − 1000)/10000; set Offset to 0 for older products), fill 0. Custom: the band numbers below. Stack single-band files in this order first, e.g. with Raster ▸ Miscellaneous ▸ Build Virtual Raster, 'Place each input file into a separate band'.</source>
      <translation>波段排列与缩放（反射率 = DN × 比例因子 + 偏移量）。MODIS MOD09GA/MYD09GA/MOD09A1（默认）：按顺序排列的 7 个 sur_refl 波段——b1 红光 620–670 nm，b2 近红外 841–876，b3 蓝光 459–479，b4 绿光 545–565，b5 1230–1250，b6 SWIR1 1628–1652，b7 SWIR2 2105–2155；比例因子 0.0001，填充值 −28672。Landsat 8/9 OLI Collection 2 Level-2：SR_B2…SR_B7 依次作为波段 1–6（蓝光、绿光、红光、近红外、SWIR1、SWIR2）；比例因子 0.0000275，偏移量 −0.2，填充值 0。Sentinel-2 MSI L2A：B02、B03、B04、B08、B11、B12 依次作为波段 1–6；比例因子 0.0001，偏移量 −0.1（处理基线 04.00 及以后：ρ = (DN − 1000)/10000；对于更早的产品请将“偏移量”设为 0），填充值 0。自定义：使用下方指定的波段编号。单波段文件需先按此顺序堆叠，例如使用 栅格 ▸ 杂项 ▸ 构建虚拟栅格（Raster ▸ Miscellaneous ▸ Build Virtual Raster），并勾选“将每个输入文件放入单独的波段”（'Place each input file into a separate band'）。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="78" />
      <source>reflectance per DN, dimensionless. Empty (default) = the sensor's; custom: 1.</source>
      <translation>每个 DN 对应的反射率，无量纲。留空（默认）= 使用传感器默认值；自定义传感器：1。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="80" />
      <source>reflectance added after scaling. Empty (default) = the sensor's; custom: 0.</source>
      <translation>缩放后加上的反射率值。留空（默认）= 使用传感器默认值；自定义传感器：0。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="113" />
      <source>Processing is done in windows of 512×512 cells, so rasters larger than memory work; Cancel stops at the next window and leaves no output. An output larger than 10 GiB uncompressed, or than the free space of its folder, is announced with its size before it is written.</source>
      <translation>按 512×512 像元的窗口处理，因此可处理大于内存的栅格；取消会在下一个窗口处停止且不留下输出。未压缩大小超过 10 GiB 或超过其文件夹剩余空间的输出，会在写入前说明其大小。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="117" />
      <source>When no cell of any input holds valid reflectance (all fill, nodata or out of range: the wrong sensor or fill value, or an empty file), nothing is written and the message says so; an input whose date alone is empty is named in a warning.</source>
      <translation>当所有输入中没有任何像元含有有效反射率时（全为填充值、无数据或超出范围：传感器或填充值选错，或文件为空），不写入任何内容并在消息中说明；仅某个日期为空的输入会在警告中点名。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="134" />
      <source>Scale factor (reflectance per DN; empty = the sensor's)</source>
      <translation>比例因子（每个 DN 对应的反射率；留空 = 使用传感器默认值）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="137" />
      <source>Offset (reflectance; empty = the sensor's)</source>
      <translation>偏移量（反射率；留空 = 使用传感器默认值）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="139" />
      <source>Blue band (custom sensor; 0 = absent)</source>
      <translation>蓝光波段（自定义传感器；0 = 无）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="140" />
      <source>Green band (custom sensor; 0 = absent)</source>
      <translation>绿光波段（自定义传感器；0 = 无）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="141" />
      <source>Red band (custom sensor; 0 = absent)</source>
      <translation>红光波段（自定义传感器；0 = 无）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="142" />
      <source>NIR band (custom sensor; 0 = absent)</source>
      <translation>近红外（NIR）波段（自定义传感器；0 = 无）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="143" />
      <source>SWIR1 band (custom sensor; 0 = absent)</source>
      <translation>SWIR1 波段（自定义传感器；0 = 无）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="144" />
      <source>SWIR2 band (custom sensor; 0 = absent)</source>
      <translation>SWIR2 波段（自定义传感器；0 = 无）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="147" />
      <source>Fill value (DN; empty = the sensor's)</source>
      <translation>填充值（DN；留空 = 使用传感器默认值）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="153" />
      <source>NDVI</source>
      <translation>NDVI</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="153" />
      <source>EVI</source>
      <translation>EVI</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="153" />
      <source>NDWI</source>
      <translation>NDWI</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="153" />
      <source>LSWI</source>
      <translation>LSWI</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="153" />
      <source>NSDSI</source>
      <translation>NSDSI</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="154" />
      <source>Tasselled-cap wetness (Landsat 8/9 OLI)</source>
      <translation>缨帽变换湿度分量（Landsat 8/9 OLI）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="89" />
      <source>advanced; DN marking missing data. Empty (default) = the sensor's (custom: none). The raster's own nodata is always honoured too.</source>
      <translation>高级；标记缺失数据的 DN 值。留空（默认）= 使用传感器默认值（自定义传感器：无）。栅格自身的无数据值也始终会被采用。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="91" />
      <source>advanced, optional; one ISO date per input, in input order, separated by commas, e.g. 2019-04-01, 2019-04-04.</source>
      <translation>高级，可选；每个输入一个 ISO 日期，按输入顺序以逗号分隔，例如 2019-04-01, 2019-04-04。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="93" />
      <source>each optional: only the indices given a file name are computed; at least one is needed. Wetness only for Landsat 8/9 OLI or custom bands with all six bands set. GeoTIFF, float32, nodata −9999, DEFLATE-compressed, 256×256 tiles; written completely or not at all.</source>
      <translation>均为可选：仅计算指定了文件名的指数；至少需要指定一个。湿度分量仅适用于 Landsat 8/9 OLI，或六个波段均已设置的自定义波段。输出为 GeoTIFF，float32，无数据值 −9999，DEFLATE 压缩，256×256 分块；要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="98" />
      <source>the band count and the comma-separated dates, for later Modeler steps.</source>
      <translation>波段数和逗号分隔的日期，供图形建模器中的后续步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="126" />
      <source>Reflectance rasters (one multi-band raster per date)</source>
      <translation>反射率栅格（每个日期一个多波段栅格）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="129" />
      <source>Sensor (band layout and scaling)</source>
      <translation>传感器（波段排列与缩放）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="150" />
      <source>Dates (YYYY-MM-DD, comma-separated, in input order; empty = read from file names)</source>
      <translation>日期（YYYY-MM-DD，逗号分隔，按输入顺序；留空 = 从文件名读取）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="159" />
      <source>Dates (comma-separated)</source>
      <translation>日期（逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="167" />
      <source>No input rasters were given. Select at least one reflectance raster.</source>
      <translation>未提供输入栅格。请至少选择一个反射率栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="192" />
      <source>Band numbers are used only with the Custom bands sensor; the preset's band layout was used.</source>
      <translation>波段编号仅在“自定义波段”传感器下使用；已采用预设传感器的波段排列。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="84" />
      <source>custom sensor only (ignored for the presets): its 1-based band number, used by {indices}; 0 (default) = absent.</source>
      <translation>仅用于自定义传感器（使用预设传感器时忽略）：该波段的编号（从 1 开始），供 {indices} 使用；0（默认）= 无。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="107" />
      <source>Nodata: a cell is nodata in an index when a band it uses equals the fill value or the raster's nodata, or its reflectance is outside [{low}, {high}] (MOD09's valid range −100…16000 × 0.0001), or the index's denominator is zero; files never hold inf or NaN. Clouds are not masked here beyond the fill value: import MODIS tiles with 'Import MODIS products', which removes them by the QA bits and writes the per-date files this algorithm takes.</source>
      <translation>无数据：当某指数所用的波段等于填充值或栅格的无数据值，或其反射率超出 [{low}, {high}]（MOD09 的有效范围 −100…16000 × 0.0001），或该指数的分母为零时，该像元在该指数中为无数据；文件中绝不会出现 inf 或 NaN。除填充值外，此处不对云进行掩膜：请使用“导入 MODIS 产品”（Import MODIS products）导入 MODIS 瓦片，该算法会根据 QA 位去除云，并写出本算法所需的逐日期文件。</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="130" />
      <source>MODIS MOD09GA/MYD09GA/MOD09A1 (7 bands)</source>
      <translation>MODIS MOD09GA/MYD09GA/MOD09A1（7 个波段）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="131" />
      <source>Landsat 8/9 OLI Collection 2 Level-2 (SR_B2…SR_B7)</source>
      <translation>Landsat 8/9 OLI Collection 2 Level-2（SR_B2…SR_B7）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="132" />
      <source>Sentinel-2 MSI L2A (B02, B03, B04, B08, B11, B12)</source>
      <translation>Sentinel-2 MSI L2A（B02、B03、B04、B08、B11、B12）</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="133" />
      <source>Custom bands</source>
      <translation>自定义波段</translation>
    </message>
    <message>
      <location filename="../algorithms/deriveindices.py" line="178" />
      <source>{index} ({n} dates)</source>
      <translation>{index}（{n} 个日期）</translation>
    </message>
  </context>
  <context>
    <name>Fuse</name>
    <message>
      <location filename="../algorithms/fuse.py" line="51" />
      <source>Bands fused (others copied unchanged)</source>
      <translation>已融合波段数（其余波段原样复制）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="51" />
      <source>Stations held out of the fusion</source>
      <translation>未参与融合的留出站点数</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="51" />
      <source>Held-out RMSE of the input map (m³/m³)</source>
      <translation>输入图的留出均方根误差（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="51" />
      <source>Held-out RMSE of the fused map (m³/m³)</source>
      <translation>融合图的留出均方根误差（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="51" />
      <source>Held-out MAE of the input map (m³/m³)</source>
      <translation>输入图的留出平均绝对误差（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="51" />
      <source>Held-out MAE of the fused map (m³/m³)</source>
      <translation>融合图的留出平均绝对误差（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="59" />
      <source>Fuse stations into the map</source>
      <translation>站点观测融合</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="62" />
      <source>Merge station observations into a fine soil-moisture map or stack by geographical difference (GDA) or ratio (GRA) analysis with kriging or IDW, and score it on held-out stations.</source>
      <translation>采用地理差异分析（GDA）或地理比值分析（GRA），结合克里金或 IDW 插值，将站点观测融合到高分辨率土壤水分图或时间序列栈中，并在留出站点上评估精度。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="67" />
      <source>Chen et al. 2023 (eqs. 1 and 2, Table 2): the station-minus-map differences (GDA, additive: F = F_hr + Σ wⱼ (obsⱼ − F_hr(j))) or station-over-map ratios (GRA, multiplicative: F = F_hr · Σ wⱼ (obsⱼ / F_hr(j))) of each date are interpolated over the grid and applied to the map, so the map keeps its spatial detail and takes the stations' level. Every band of a stack is fused with the observations of its own day.</source>
      <translation>Chen et al. 2023（式 1 和式 2，表 2）：将每个日期的站点减地图差值（GDA，加性：F = F_hr + Σ wⱼ (obsⱼ − F_hr(j))）或站点与地图之比（GRA，乘性：F = F_hr · Σ wⱼ (obsⱼ / F_hr(j))）在网格上插值并作用于地图，从而使地图既保留其空间细节，又与站点观测的水平一致。时间序列栈的每个波段都与其当天的观测进行融合。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="78" />
      <source>the fine map (m³/m³): a time stack with ISO dates as band descriptions (e.g. from Predict) or a single band.</source>
      <translation>高分辨率土壤水分图（m³/m³）：以 ISO 日期作为波段描述的时间序列栈（例如“预测降尺度土壤水分”的输出）或单波段栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="80" />
      <source>point layer, one feature per observation (any CRS; reprojected to the map's), or a table without geometry such as a CSV file with x/y fields (see below). Each observation goes to the map cell that holds it; all observations of one date in one cell are averaged into one point at the cell centre. Stations outside the map or on its nodata are skipped and counted in the log.</source>
      <translation>点图层，每次观测对应一个要素（任意 CRS；会重投影到地图的 CRS），或不含几何的表格，例如带 x/y 字段的 CSV 文件（见下文）。每条观测归入其所在的地图像元；同一像元内同一日期的所有观测取平均，合为位于像元中心的一个点。位于地图范围之外或落在其无数据值上的站点将被跳过，并在日志中计数。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="86" />
      <source>station id (optional: without it a station is a distinct position; hold-out draws whole stations); observed soil moisture (numeric, or text holding numbers, m³/m³); date (date, date-time or YYYY-MM-DD[THH:MM] text; needed for a stack; observations pair with the band of their day).</source>
      <translation>站点 ID（可选：不提供时，每个不同的位置视为一个站点；留出时按整站抽取）；观测土壤水分（数值型，或包含数字的文本，m³/m³）；日期（日期、日期时间或 YYYY-MM-DD[THH:MM] 格式的文本；时间序列栈必需；观测与其当天的波段配对）。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="92" />
      <source>GDA, difference (default; Chen et al. 2023 found it better) or GRA, ratio. GRA and a zero background (Chen et al. 2023: 'unable to compute the ratio X/0'): station cells where the map is below the GRA floor (default 0.01 m³/m³) are left out of that date's ratio field and counted in the log; the cells there take the ratio interpolated from the other stations, so the output is always finite. Cells where the map is 0 stay 0 (counted in a warning); a date whose map holds negative values is not fused by GRA but copied, with a warning naming the date and its cells ≤ 0.</source>
      <translation>GDA，差值法（默认；Chen 等 2023 认为更优）或 GRA，比值法。GRA 与零背景（Chen 等 2023：“无法计算比值 X/0”）：地图值低于 GRA 下限（默认 0.01 m³/m³）的站点像元不参与该日期的比值场，并在日志中计数；这些像元取由其他站点插值得到的比值，因此输出始终有限。地图值为 0 的像元保持为 0（在警告中计数）；地图含负值的日期不用 GRA 融合，而是原样复制，并发出警告，指明日期及其 ≤ 0 的像元数。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="101" />
      <source>ordinary kriging (default), simple kriging (known mean = the date's mean difference or ratio), or IDW. Kriging fits a variogram to each date's station values (weighted least squares on 12 lags; a pure nugget when there are too few stations) unless sill and range are given; it is exact at a station's cell. A date with fewer station cells than the method needs (kriging 3, IDW 1) is copied unchanged with a warning.</source>
      <translation>普通克里金（默认）、简单克里金（已知均值 = 该日期的平均差值或比值）或 IDW。除非给定基台和变程，克里金会对每个日期的站点值拟合变异函数（基于 12 个滞后距的加权最小二乘；站点过少时采用纯块金模型）；克里金在站点所在像元处为精确插值。若某日期的站点像元数少于所选方法的要求（克里金 3 个，IDW 1 个），则该日期原样复制并给出警告。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="108" />
      <source>share of the stations (whole stations, default 0.3 as in Chen et al. 2023) kept out of the fusion to score it, drawn with the seed (same seed, same stations); 0 uses every station.</source>
      <translation>不参与融合、用于评估的站点比例（按整站计，默认 0.3，与 Chen et al. 2023 相同），按随机种子抽取（随机种子相同，抽取的站点也相同）；0 表示使用全部站点。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="112" />
      <source>stations used around each point (default 16), for kriging and IDW.</source>
      <translation>每个点周围使用的站点数（默认 16），用于克里金和 IDW。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="114" />
      <source>weights 1/dᵖ (default p = 2); stations farther than the radius (km; 0 = no limit) are ignored, and a cell with none in reach is left unchanged.</source>
      <translation>权重为 1/dᵖ（默认 p = 2）；距离超过搜索半径（km；0 = 不限）的站点被忽略，范围内没有站点的像元保持不变。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="117" />
      <source>every band written (fused or copied) is clipped to 0–0.6 m³/m³ by default; the clipped pixels are counted per date and told in a warning.</source>
      <translation>写出的每个波段（融合或复制）默认裁剪到 0–0.6 m³/m³；被裁剪的像元按日期计数并在警告中说明。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="121" />
      <source>advanced: spherical, exponential, gaussian or linear (ordinary kriging only); a sill ((m³/m³)², or ratio² for GRA) and a range (km) &gt; 0 fix the variogram for every date instead of fitting it; nugget default 0.</source>
      <translation>高级：球状、指数、高斯或线性（仅普通克里金）；基台（(m³/m³)²，GRA 为比值²）和变程（km）均 &gt; 0 时，所有日期均使用该固定变异函数，不再拟合；块金默认为 0。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="125" />
      <source>advanced: the GRA floor of the method above (default 0.01 m³/m³).</source>
      <translation>高级：上述方法中的 GRA 下限（默认 0.01 m³/m³）。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="127" />
      <source>advanced: the date of a single-band map without date; empty = every observation is used.</source>
      <translation>高级：无日期单波段图的日期；留空 = 使用全部观测。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="129" />
      <source>the input's grid, nodata and band dates, float32, loaded with the fixed soil-moisture ramp.</source>
      <translation>与输入相同的格网、无数据值和波段日期，float32，加载时使用固定的土壤水分色带。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="131" />
      <source>points, one per held-out station: n pairs and RMSE, MAE, bias, R of the input map (_before) and of the fused map (_after) at its cell; a last row without geometry holds all held-out pairs pooled (Chen et al. 2023, Table 2).</source>
      <translation>点图层，每个留出站点一个点：其所在像元上输入图（_before）和融合图（_after）的配对数 n 及 RMSE、MAE、偏差、R；最后一行不含几何，为所有留出配对的汇总结果（Chen et al. 2023，表 2）。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="135" />
      <source>optional CSV per band: station cells used, observations on nodata, mean difference or ratio, variogram (model, nugget, partial sill, range km, fitted/fixed), station cells below the GRA floor, clipped pixels, cells ≤ 0 in the map (GRA), status.</source>
      <translation>可选的每波段 CSV：使用的站点像元、落在无数据上的观测、平均差值或比值、变异函数（模型、块金、偏基台、变程 km、拟合/固定）、低于 GRA 下限的站点像元、被裁剪的像元、地图中 ≤ 0 的像元（GRA）、状态。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="140" />
      <source>for the next Modeler step.</source>
      <translation>供图形建模器的下一步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="144" />
      <source>Memory stays bounded: the map is processed in 512 × 512 windows and the interpolation uses the nearest stations of each point only. Progress advances per window; Cancel leaves no partial output.</source>
      <translation>内存占用有上限：地图按 512 × 512 窗口处理，插值仅使用每个点最近的若干站点。进度按窗口推进；取消后不会留下不完整的输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="159" />
      <source>Hold-out fraction of stations</source>
      <translation>站点留出比例</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="161" />
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="162" />
      <source>Neighbouring stations</source>
      <translation>邻近站点数</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="164" />
      <source>IDW power</source>
      <translation>IDW 幂指数</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="165" />
      <source>IDW search radius (km, 0 = no limit)</source>
      <translation>IDW 搜索半径（km，0 = 不限）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="172" />
      <source>Fixed variogram sill (0 = fit per date)</source>
      <translation>固定变异函数基台（0 = 逐日期拟合）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="174" />
      <source>Fixed variogram range (km, 0 = fit per date)</source>
      <translation>固定变异函数变程（km，0 = 逐日期拟合）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="176" />
      <source>Fixed variogram nugget</source>
      <translation>固定变异函数块金</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="178" />
      <source>GRA: leave out stations where the map is below (m³/m³)</source>
      <translation>GRA：排除地图值低于此值的站点（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="200" />
      <source>No soil-moisture map was given. Choose the raster or time stack to fuse.</source>
      <translation>未提供土壤水分图。请选择要融合的栅格或时间序列栈。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="209" />
      <source>Fused soil moisture</source>
      <translation>融合后的土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="151" />
      <source>Soil-moisture map or time stack (m³/m³)</source>
      <translation>土壤水分图或时间序列栈（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="154" />
      <source>Method</source>
      <translation>方法</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="157" />
      <source>Interpolation</source>
      <translation>插值方法</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="169" />
      <source>Variogram model</source>
      <translation>变异函数模型</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="182" />
      <source>Date of a single-band map without date (YYYY-MM-DD)</source>
      <translation>无日期单波段图的日期（YYYY-MM-DD）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="189" />
      <source>Held-out stations (before/after)</source>
      <translation>留出站点（融合前/后）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="192" />
      <source>Date report</source>
      <translation>日期报告</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="192" />
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="216" />
      <source>Held-out stations (before/after fusion)</source>
      <translation>留出站点（融合前/融合后）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="228" />
      <source>A fixed variogram needs both a sill and a range above 0; set both, or leave both at 0 to fit a variogram per date.</source>
      <translation>固定变异函数需要基台和变程均大于 0；请同时设置两者，或将两者均保留为 0 以逐日期拟合变异函数。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="251" />
      <source>{fused} of {total} band(s) fused; {clipped} pixel(s) clipped.</source>
      <translation>{total} 个波段中已融合 {fused} 个；{clipped} 个像元被截断。</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="155" />
      <source>GDA (difference)</source>
      <translation>GDA（差值）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="155" />
      <source>GRA (ratio)</source>
      <translation>GRA（比值）</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="158" />
      <source>Ordinary kriging</source>
      <translation>普通克里金</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="158" />
      <source>Simple kriging</source>
      <translation>简单克里金</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="158" />
      <source>IDW</source>
      <translation>IDW</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="170" />
      <source>Spherical</source>
      <translation>球状</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="170" />
      <source>Exponential</source>
      <translation>指数</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="170" />
      <source>Gaussian</source>
      <translation>高斯</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="170" />
      <source>Linear</source>
      <translation>线性</translation>
    </message>
    <message>
      <location filename="../algorithms/fuse.py" line="261" />
      <source>Held-out stations ({n} pairs): RMSE {rb} → {ra}, MAE {mb} → {ma} m³/m³.</source>
      <translation>留出站点（{n} 对）：RMSE {rb} → {ra}，MAE {mb} → {ma} m³/m³。</translation>
    </message>
  </context>
  <context>
    <name>GapFill</name>
    <message>
      <location filename="../algorithms/gapfill.py" line="29" />
      <source>Filled values</source>
      <translation>已填补值数</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="29" />
      <source>Missing values left as nodata</source>
      <translation>保留为无数据值的缺失值数</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="33" />
      <source>Gap fill and smooth time stack</source>
      <translation>时间序列栈缺失填补与平滑</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="36" />
      <source>Fills short gaps in time by linear interpolation on the band dates, then smooths with a Savitzky–Golay filter.</source>
      <translation>在波段日期上通过线性插值填补较短的时间缺失，然后用 Savitzky–Golay 滤波进行平滑。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="40" />
      <source>Fills missing values (clouds, missed overpasses) of a time stack pixel by pixel: linear interpolation in time across short gaps, then Savitzky–Golay (SG) smoothing, as in Xu et al. (2024), A Spatial Downscaling Framework for SMAP Soil Moisture Based on Stacking Strategy, Remote Sensing 16, 200 (half-window m = 5, order d = 4). Both steps use the real band dates, so unevenly spaced stacks are handled correctly.</source>
      <translation>逐像元填补时间序列栈中的缺失值（云覆盖、卫星漏过境）：先在时间上对较短缺失进行线性插值，再进行 Savitzky–Golay（SG）平滑，方法同 Xu et al. (2024), A Spatial Downscaling Framework for SMAP Soil Moisture Based on Stacking Strategy, Remote Sensing 16, 200（半窗口 m = 5，阶数 d = 4）。两个步骤均使用实际的波段日期，因此可以正确处理时间间隔不均匀的栈。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="51" />
      <source>a raster whose bands are dates: each band's description is its ISO date (2019-04-01 or 2019-04-01T06:00), in increasing order, at least 2 bands, as made by Build time stack. Its nodata (and NaN) marks missing values.</source>
      <translation>波段为日期的栅格：每个波段的描述为其 ISO 日期（2019-04-01 或 2019-04-01T06:00），按递增顺序排列，至少 2 个波段，即“构建时间序列栈”所生成的格式。其无数据值（及 NaN）表示缺失值。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="55" />
      <source>days. A gap's length is the number of days between the two valid observations that bound it (one missing day between daily observations is a 2-day gap). Gaps up to and including this length are filled by linear interpolation at each band's date; longer gaps, and missing bands before the first or after the last observation (no extrapolation), stay nodata. 0 fills nothing. Default 10 days: it bridges up to nine missing daily values, or two missed overpasses of a 3-day revisit, while longer gaps in soil moisture often hide a rain event and drydown that a straight line would miss. Xu et al. 2024 filled daily MODIS values from observations within 15 days either side; 30 comes close to that.</source>
      <translation>天。缺失长度是界定该缺失的两个有效观测之间的天数（逐日观测之间缺一天即为 2 天的缺失）。长度不超过（含等于）该值的缺失，在每个波段的日期上通过线性插值填补；更长的缺失，以及位于第一个观测之前或最后一个观测之后的缺失波段（不进行外推），保持为无数据值。0 表示不填补。默认 10 天：可跨越至多九个缺失的逐日值，或 3 天重访周期中的两次漏过境；而土壤水分中更长的缺失往往隐藏着一次降水事件及随后的变干过程，直线插值会将其遗漏。Xu et al. 2024 用前后各 15 天内的观测填补逐日 MODIS 值；30 与之接近。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="66" />
      <source>bands on each side of a band in its smoothing window (window = 2 × m + 1 bands). 0 turns smoothing off. Default 5 (Xu et al. 2024: m = 5).</source>
      <translation>平滑窗口中某波段每侧的波段数（窗口 = 2 × m + 1 个波段）。0 表示关闭平滑。默认 5（Xu et al. 2024：m = 5）。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="69" />
      <source>degree of the local polynomial; must be smaller than the window (2 × half-window + 1). Lower order or wider window = smoother. Default 4 (Xu et al. 2024: d = 4).</source>
      <translation>局部多项式的阶数；必须小于窗口大小（2 × 半窗口 + 1）。阶数越低或窗口越宽，结果越平滑。默认 4（Xu et al. 2024：d = 4）。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="73" />
      <source>advanced: a pixel with fewer valid observations passes through unchanged (not filled, not smoothed); when smoothing, at least order + 1 is required whatever this says. Default 5.</source>
      <translation>高级：有效观测数少于该值的像元原样输出（不填补、不平滑）；进行平滑时，无论此处如何设置，至少需要 阶数 + 1 个有效观测。默认 5。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="77" />
      <source>same grid and band dates as the input; GeoTIFF, float32, nodata −9999, 256×256 tiles; written completely or not at all.</source>
      <translation>与输入相同的格网和波段日期；GeoTIFF，float32，无数据值 −9999，256×256 分块；要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="80" />
      <source>how many values were filled, and how many stay nodata.</source>
      <translation>已填补的值的数量，以及仍为无数据值的数量。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="84" />
      <source>Smoothing on uneven dates: classic SG assumes evenly spaced samples. Here each band becomes the value at its own date of the least-squares polynomial fitted on the actual day offsets of the bands in its window; on even spacing this is exactly the classic SG filter. Only observed or filled bands of the same unbroken run take part, so smoothing never reaches across, or fills, a gap left as nodata. At the ends of the series (and of each run) the window is cut to the bands that exist; where fewer than order + 1 bands remain, the value passes through.</source>
      <translation>非均匀日期上的平滑：经典 SG 假定样本等间隔。此处每个波段的取值为：以其窗口内各波段的实际日偏移量进行最小二乘拟合得到的多项式在该波段日期处的值；在等间隔情况下，这与经典 SG 滤波完全相同。只有同一连续段中的观测波段或已填补波段参与计算，因此平滑既不会跨越、也不会填补保留为无数据值的缺失。在序列（及每个连续段）的两端，窗口截取为实际存在的波段；若剩余波段少于 阶数 + 1 个，则原值直接保留。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="98" />
      <source>Maximum gap to fill (days between valid observations)</source>
      <translation>最大填补缺失长度（有效观测之间的天数）</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="101" />
      <source>Savitzky–Golay half-window m (bands; 0 = no smoothing)</source>
      <translation>Savitzky–Golay 半窗口 m（波段数；0 = 不平滑）</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="103" />
      <source>Savitzky–Golay polynomial order d (≤ 2m)</source>
      <translation>Savitzky–Golay 多项式阶数 d（≤ 2m）</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="105" />
      <source>Minimum valid observations per pixel</source>
      <translation>每个像元的最少有效观测数</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="115" />
      <source>No time stack was given. Select a raster whose bands are dates.</source>
      <translation>未提供时间序列栈。请选择波段为日期的栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="96" />
      <source>Time stack (bands = dates)</source>
      <translation>时间序列栈（波段 = 日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="109" />
      <source>Gap-filled stack</source>
      <translation>缺失填补后的栈</translation>
    </message>
    <message>
      <location filename="../algorithms/gapfill.py" line="126" />
      <source>Gap-filled stack ({n} dates)</source>
      <translation>缺失填补后的栈（{n} 个日期）</translation>
    </message>
  </context>
  <context>
    <name>ImportAmsr2</name>
    <message>
      <location filename="../algorithms/importamsr2.py" line="24" />
      <source>Number of bands</source>
      <translation>波段数</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="27" />
      <source>Import AMSR2 soil moisture</source>
      <translation>导入 AMSR2 土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="30" />
      <source>Converts JAXA GCOM-W AMSR2 Level 3 daily soil-moisture files (HDF5, 10 km and 25 km) into one dated stack in m³/m³ on the product's latitude/longitude grid.</source>
      <translation>将 JAXA GCOM-W AMSR2 Level 3 逐日土壤水分文件（HDF5，10 km 和 25 km）转换为产品经纬度格网上一个带日期的时间序列栈，单位为 m³/m³。</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="35" />
      <source>Reads the AMSR2 Level 3 soil-moisture content (SMC) files as JAXA distributes them on G-Portal (GW1AM2_20190601_01D_EQMA_L3SGSMCHF3300300.h5: one file per day and pass, EQMA ascending at 13:30, EQMD descending at 01:30 local solar time) and writes a tiled float32 stack (m³/m³, nodata −9999) on the product's equirectangular grid (EPSG:4326; 0.1° = 3600 × 1800 cells for the 10 km product, 0.25° = 1440 × 720 for the 25 km one; origin 180° W, 90° N), one band per date, the date in each band's description. The stored integers × the file's SCALE FACTOR (0.1) are volumetric %, divided by 100 into m³/m³. The stack feeds Train and Predict as the coarse soil moisture.</source>
      <translation>按 JAXA 在 G-Portal 上发布的原样读取 AMSR2 Level 3 土壤含水量（SMC）文件（GW1AM2_20190601_01D_EQMA_L3SGSMCHF3300300.h5：每天每次过境一个文件，EQMA 为地方太阳时 13:30 的升轨，EQMD 为地方太阳时 01:30 的降轨），并在产品的等经纬度格网（EPSG:4326；10 km 产品为 0.1° = 3600 × 1800 个像元，25 km 产品为 0.25° = 1440 × 720；原点 180° W, 90° N）上写出分块的 float32 时间序列栈（m³/m³，无数据值 −9999），每个日期一个波段，日期写入各波段描述。存储的整数 × 文件的 SCALE FACTOR（0.1）为体积百分比（%），除以 100 即得 m³/m³。该时间序列栈作为粗分辨率土壤水分输入“训练”和“预测”。</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="49" />
      <source>the .h5 files with their original names (…_EQMA_… ascending, …_EQMD_… descending); one resolution per run.</source>
      <translation>保留原始文件名的 .h5 文件（…_EQMA_… 为升轨，…_EQMD_… 为降轨）；每次运行仅处理一种分辨率。</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="51" />
      <source>descending, gaps filled from ascending (default: one band per day, the 01:30 night pass where it has a value, else the 13:30 day pass); ascending and descending as separate bands (descriptions YYYY-MM-DDT01:30 and T13:30); descending only; ascending only. Files of a pass not used are left out.</source>
      <translation>降轨，缺失由升轨填补（默认：每天一个波段，01:30 夜间过境有值处取其值，否则取 13:30 白天过境的值）；升轨和降轨分别作为独立波段（描述为 YYYY-MM-DDT01:30 和 T13:30）；仅降轨；仅升轨。未使用的过境对应的文件将被略过。</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="57" />
      <source>the stack, loaded with the fixed soil-moisture ramp; the log says how many cells each rule removed (fill codes −32768 and −32767, valid range) and how many gaps the other pass filled.</source>
      <translation>时间序列栈，加载时使用固定的土壤水分色带；日志会给出每条规则剔除的像元数（填充码 −32768 和 −32767、有效范围），以及另一过境填补的缺失数。</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="65" />
      <source>The grid origin (180° W, 90° N, row 0 at the north) follows readers of real G-Portal granules; JAXA's format document itself could not be consulted here. Check one known place when you first import real files.</source>
      <translation>格网原点（180° W, 90° N，第 0 行位于北端）参照了读取真实 G-Portal 数据文件的程序；此处无法查阅 JAXA 的格式文档本身。首次导入真实文件时，请核对一个已知地点。</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="72" />
      <source>AMSR2 L3 soil-moisture files (.h5)</source>
      <translation>AMSR2 L3 土壤水分文件（.h5）</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="78" />
      <source>AMSR2 soil moisture</source>
      <translation>AMSR2 土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="83" />
      <source>AMSR2 L3 .h5 files</source>
      <translation>AMSR2 L3 .h5 文件</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="74" />
      <source>Passes</source>
      <translation>过境</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="75" />
      <source>Descending, gaps filled from ascending</source>
      <translation>降轨，缺失由升轨填补</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="76" />
      <source>Ascending and descending as separate bands</source>
      <translation>升轨和降轨各为独立波段</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="77" />
      <source>Descending only</source>
      <translation>仅降轨</translation>
    </message>
    <message>
      <location filename="../algorithms/importamsr2.py" line="77" />
      <source>Ascending only</source>
      <translation>仅升轨</translation>
    </message>
  </context>
  <context>
    <name>ImportCci</name>
    <message>
      <location filename="../algorithms/importcci.py" line="19" />
      <source>Number of bands</source>
      <translation>波段数</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="22" />
      <source>Import ESA CCI soil moisture</source>
      <translation>导入 ESA CCI 土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="25" />
      <source>Converts ESA CCI Soil Moisture daily files (COMBINED, PASSIVE or ACTIVE NetCDF) into one dated stack on the 0.25° grid, with the flag variable applied.</source>
      <translation>将 ESA CCI Soil Moisture 逐日文件（COMBINED、PASSIVE 或 ACTIVE NetCDF）转换为 0.25° 格网上一个带日期的时间序列栈，并应用标志变量。</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="30" />
      <source>Reads the ESA CCI Soil Moisture daily L3S files as distributed (ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20190601000000-fv08.1.nc) and writes a tiled float32 stack (nodata −9999) on the global 0.25° latitude/longitude grid (EPSG:4326, 1440 × 720 cells from 180° W, 90° N), one band per day, the date in each band's description. COMBINED and PASSIVE are in m³/m³; ACTIVE is degree of saturation (%) and is written with that unit. The product type is read from the file; one type per run. A CCI daily value merges the sensors' passes, so there is no pass choice.</source>
      <translation>按发布原样读取 ESA CCI Soil Moisture 逐日 L3S 文件（ESACCI-SOILMOISTURE-L3S-SSMV-COMBINED-20190601000000-fv08.1.nc），并在全球 0.25° 经纬度格网（EPSG:4326，自 180° W, 90° N 起 1440 × 720 个像元）上写出分块的 float32 时间序列栈（无数据值 −9999），每天一个波段，日期写入各波段描述。COMBINED 和 PASSIVE 的单位为 m³/m³；ACTIVE 为饱和度（%），并以该单位写出。产品类型从文件中读取；每次运行仅处理一种类型。CCI 的逐日值已合并各传感器的过境，因此无需选择过境。</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="43" />
      <source>the .nc files with their original names; one product type (COMBINED, PASSIVE or ACTIVE) per run.</source>
      <translation>保留原始文件名的 .nc 文件；每次运行仅处理一种产品类型（COMBINED、PASSIVE 或 ACTIVE）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="45" />
      <source>the bits of the 'flag' variable that remove a value: 1 snow or frozen ground, 2 dense vegetation, 4 no convergence, 8 beyond physical limits, 16 low measurement weight, 32 all sensors unreliable, 64 barren ground. Default 255: only unflagged values (flag = 0) are kept; 0 = flags not used.</source>
      <translation>“flag”变量中导致剔除值的位：1 积雪或冻土，2 茂密植被，4 未收敛，8 超出物理限值，16 测量权重低，32 所有传感器均不可靠，64 裸地。默认 255：仅保留未被标记的值（flag = 0）；0 = 不使用标志。</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="51" />
      <source>the stack, loaded with the fixed soil-moisture ramp; the log says how many cells each rule removed (fill value, flag, valid range).</source>
      <translation>时间序列栈，加载时使用固定的土壤水分色带；日志会给出每条规则剔除的像元数（填充值、标志、有效范围）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="59" />
      <source>The flag bit meanings follow the ESA CCI SM Product User Guide as far as it could be consulted here; check them against the guide of your product version. For ACTIVE, the valid range is 0–100 % instead of the m³/m³ limits.</source>
      <translation>标志位的含义依据此处能够查阅到的 ESA CCI SM Product User Guide；请对照您所用产品版本的指南加以核对。对于 ACTIVE，有效范围为 0–100 %，而非 m³/m³ 限值。</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="66" />
      <source>ESA CCI soil-moisture files (.nc)</source>
      <translation>ESA CCI 土壤水分文件（.nc）</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="67" />
      <source>Flag bits that remove a value</source>
      <translation>导致剔除值的标志位</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="69" />
      <source>ESA CCI soil moisture</source>
      <translation>ESA CCI 土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/importcci.py" line="74" />
      <source>ESA CCI .nc files</source>
      <translation>ESA CCI .nc 文件</translation>
    </message>
  </context>
  <context>
    <name>ImportIsmn</name>
    <message>
      <location filename="../algorithms/importismn.py" line="42" />
      <source>Number of stations</source>
      <translation>站点数</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="42" />
      <source>Number of observations</source>
      <translation>观测数</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="46" />
      <source>Import ISMN stations</source>
      <translation>导入 ISMN 站点</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="49" />
      <source>Reads International Soil Moisture Network downloads (Header + values or CEOP .stm files, as folders or zips) into a point layer with one feature per observation, filtered by depth, quality flag, network and period, ready for Validate and Fuse.</source>
      <translation>将国际土壤水分观测网络（International Soil Moisture Network）的下载数据（Header + values 或 CEOP 格式的 .stm 文件，以文件夹或 zip 形式提供）读入点图层，每次观测对应一个要素，并按深度、质量标志、观测网络和时段筛选，可直接用于“站点实测验证”和“站点观测融合”。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="55" />
      <source>Station observations for validation and fusion usually come from the ISMN (Nadeem et al. 2023 validated with the SMN-SDR network's 5 cm sensors distributed by the ISMN). This step reads ISMN downloads as they come — the zip, its unpacked folder or single .stm files, many networks at once — in the 'Header + values' format (coordinates and depths in each file's first line) or the 'CEOP, separate files' format (15 fields per line), and writes a point layer (EPSG:4326) with one feature per observation: station_id (NETWORK/STATION), network, station, sensor, depth_from and depth_to (m), time (UTC date-time), date (its UTC day), soil_moisture (m³/m³), quality_flag (the ISMN flag), n_sensors, elevation (m), and the station's land_cover (ESA CCI land cover class code), land_cover_name and climate (Köppen–Geiger class) where the download holds its static variables file.</source>
      <translation>用于验证和融合的站点观测通常来自 ISMN（Nadeem et al. 2023 使用 ISMN 分发的 SMN-SDR 观测网络 5 cm 传感器数据进行验证）。此步骤按下载原样读取 ISMN 数据——zip 文件、其解压后的文件夹或单个 .stm 文件，可同时包含多个观测网络——支持 'Header + values' 格式（坐标和深度位于每个文件的第一行）或 'CEOP, separate files' 格式（每行 15 个字段），并写出点图层（EPSG:4326），每次观测对应一个要素：station_id（NETWORK/STATION）、network、station、sensor、depth_from 和 depth_to（m）、time（UTC 日期时间）、date（其 UTC 日期）、soil_moisture（m³/m³）、quality_flag（ISMN 质量标志）、n_sensors、elevation（m），以及在下载数据包含静态变量文件时，站点的 land_cover（ESA CCI 土地覆盖类别代码）、land_cover_name 和 climate（Köppen–Geiger 气候类型）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="72" />
      <source>ISMN downloads: the zip as downloaded, its unpacked folder (searched recursively; in the dialog, 'Add Directory…' adds its files), or .stm files with their original names (network_network_station_sm_0.050000_0.050000_sensor_start_end.stm; the name gives the variable, the depths and the sensor). Files of other variables (soil temperature, precipitation …) and other files (Metadata.xml, read-me texts) are passed over and counted.</source>
      <translation>ISMN 下载数据：按下载原样的 zip 文件、其解压后的文件夹（递归搜索；在对话框中，用“Add Directory…”（添加目录…）可添加其中的文件），或保留原始文件名的 .stm 文件（network_network_station_sm_0.050000_0.050000_sensor_start_end.stm；文件名给出变量、深度和传感器）。其他变量的文件（土壤温度、降水 …）和其他文件（Metadata.xml、说明文本）将被略过并计数。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="79" />
      <source>a sensor is kept when its whole depth range lies within these limits (m below the surface). Default 0–0.05 m, the surface layer satellites sense. SCAN sensors at 2 in are at 0.0508 m: give 0.051 or more to keep them; cosmic-ray probes (e.g. 0–0.19 m) need a deeper limit.</source>
      <translation>传感器的整个深度范围位于这些界限之内（地表以下，m）时予以保留。默认 0–0.05 m，即卫星所探测的表层。SCAN 位于 2 in 的传感器深度为 0.0508 m：需设为 0.051 或更大才能保留；宇宙射线探头（例如 0–0.19 m）需要更深的界限。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="84" />
      <source>ISMN quality flags kept, separated by commas: G (good, the default), M (missing), C01–C03 (outside the plausible range), D01–D10 (dubious), or a class letter (D = every D flag). Older downloads flag unchecked values U. An observation with several flags (D01,D03) is kept only when each is.</source>
      <translation>保留的 ISMN 质量标志，以逗号分隔：G（良好，默认）、M（缺失）、C01–C03（超出合理范围）、D01–D10（可疑），或类别字母（D = 所有 D 类标志）。较早的下载数据将未经检查的值标记为 U。带有多个标志（D01,D03）的观测，仅当每个标志都在保留之列时才被保留。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="89" />
      <source>optional: network names to keep, separated by commas (any case; empty = every network).</source>
      <translation>可选：要保留的观测网络名称，以逗号分隔（不区分大小写；留空 = 所有观测网络）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="91" />
      <source>optional: the first and last day to keep (YYYY-MM-DD, UTC, inclusive).</source>
      <translation>可选：要保留的第一天和最后一天（YYYY-MM-DD，UTC，含两端）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="93" />
      <source>several sensors at one station and depth: keep each sensor's observations (default; sensor names them) or average them at each time (sensor lists them, n_sensors counts the ones averaged, quality_flag joins their flags).</source>
      <translation>同一站点同一深度有多个传感器时：保留每个传感器的观测（默认；sensor 字段给出传感器名称），或在每个时刻对其取平均（sensor 字段列出这些传感器，n_sensors 为参与平均的传感器数，quality_flag 合并其质量标志）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="97" />
      <source>the point layer. For Validate and Fuse choose station_id as the station id field, soil_moisture as the value field and time (or date) as the date field; land_cover or climate can be Validate's group field. The log counts the files and observations read and those dropped by network, depth, period, missing value (NaN) and quality flag (with the flags dropped).</source>
      <translation>点图层。在“站点实测验证”和“站点观测融合”中，请选择 station_id 作为站点 ID 字段，soil_moisture 作为观测值字段，time（或 date）作为日期字段；land_cover 或 climate 可作为“站点实测验证”的分组字段。日志会统计读取的文件数和观测数，以及按观测网络、深度、时段、缺失值（NaN）和质量标志剔除的观测数（并列出被剔除的标志）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="103" />
      <source>stations and observations written, for the next Modeler step.</source>
      <translation>写出的站点数和观测数，供图形建模器的下一步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="108" />
      <source>Bad input is refused with a message and nothing is written: no .stm file among the inputs, a file that is not ISMN data (named), or filters that keep nothing (the message gives what each filter dropped and the depths and networks found). ISMN's newer CSV download format is not read yet; download 'Header + values'.</source>
      <translation>错误的输入会被拒绝并给出提示信息，且不写出任何内容：输入中没有 .stm 文件、某个文件不是 ISMN 数据（会指明文件名），或筛选后没有保留任何观测（提示信息会给出每个筛选条件剔除的内容，以及找到的深度和观测网络）。目前尚不能读取 ISMN 较新的 CSV 下载格式；请下载 'Header + values' 格式。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="119" />
      <source>Shallowest sensor depth (m)</source>
      <translation>传感器最浅深度（m）</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="121" />
      <source>Deepest sensor depth (m)</source>
      <translation>传感器最深深度（m）</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="117" />
      <source>ISMN downloads (zip, folder or .stm files)</source>
      <translation>ISMN 下载数据（zip、文件夹或 .stm 文件）</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="124" />
      <source>ISMN quality flags kept</source>
      <translation>保留的 ISMN 质量标志</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="126" />
      <source>Networks (empty = all)</source>
      <translation>观测网络（留空 = 全部）</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="128" />
      <source>First day (YYYY-MM-DD)</source>
      <translation>起始日期（YYYY-MM-DD）</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="130" />
      <source>Last day (YYYY-MM-DD)</source>
      <translation>结束日期（YYYY-MM-DD）</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="132" />
      <source>Several sensors at one station and depth</source>
      <translation>同一站点同一深度的多个传感器</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="135" />
      <source>ISMN observations</source>
      <translation>ISMN 观测</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="144" />
      <source>No ISMN download was given. Select the zip, its folder or .stm files.</source>
      <translation>未提供 ISMN 下载数据。请选择 zip 文件、其文件夹或 .stm 文件。</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="162" />
      <source>ISMN observations ({n} stations)</source>
      <translation>ISMN 观测（{n} 个站点）</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="133" />
      <source>Keep each sensor</source>
      <translation>保留每个传感器</translation>
    </message>
    <message>
      <location filename="../algorithms/importismn.py" line="133" />
      <source>Average them</source>
      <translation>取平均</translation>
    </message>
  </context>
  <context>
    <name>ImportLandsat</name>
    <message>
      <location filename="../algorithms/importlandsat.py" line="29" />
      <source>Number of dates</source>
      <translation>日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="29" />
      <source>Share of imaged cells kept by the quality screening (%)</source>
      <translation>质量筛选保留的成像像元比例（%）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="33" />
      <source>Import Landsat Collection 2 Level-2</source>
      <translation>导入 Landsat Collection 2 Level-2</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="36" />
      <source>Landsat 4-9 Collection 2 Level-2 scenes as downloaded (folder or .tar) → one 6-band reflectance file per date and a surface-temperature stack, screened by QA_PIXEL and QA_RADSAT, mosaicked and optionally averaged onto a grid.</source>
      <translation>按下载原样的 Landsat 4-9 Collection 2 Level-2 景（文件夹或 .tar）→ 每个日期一个 6 波段反射率文件和一个地表温度时间序列栈，按 QA_PIXEL 和 QA_RADSAT 筛选、镶嵌，并可平均到指定格网上。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="42" />
      <source>Reads Landsat Collection 2 Level-2 scenes (Landsat 4-5 TM, 7 ETM+, 8-9 OLI/TIRS) as USGS EarthExplorer delivers them, scales each band with the coefficients of the scene's own MTL file (reflectance = DN × 2.75e-05 − 0.2, surface temperature = DN × 0.00341802 + 149 K in Collection 2), removes clouds, shadows, snow and saturated pixels by the QA_PIXEL and QA_RADSAT bits at the chosen level, mosaics the scenes of each day and writes one 6-band reflectance file per date in the band order of 'Derive spectral indices' (blue, green, red, NIR, SWIR1, SWIR2), a surface-temperature stack and a valid-fraction stack (one band per date, the ISO date in the band description). What the screening removed is counted per date and rule in the log.</source>
      <translation>读取 USGS EarthExplorer 提供的 Landsat Collection 2 Level-2 景（Landsat 4-5 TM、7 ETM+、8-9 OLI/TIRS），用各景自身 MTL 文件中的系数换算每个波段（Collection 2 中反射率 = DN × 2.75e-05 − 0.2，地表温度 = DN × 0.00341802 + 149 K），按所选级别依据 QA_PIXEL 和 QA_RADSAT 位去除云、阴影、积雪和饱和像元，镶嵌同一天的各景，并按“计算光谱指数”的波段顺序（蓝、绿、红、近红外、SWIR1、SWIR2）为每个日期写出一个 6 波段反射率文件，另写出地表温度栈和有效比例栈（每个日期一个波段，波段描述为 ISO 日期）。筛选去除的数量按日期和规则记录在日志中。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="57" />
      <source>the scenes: the .tar bundles as downloaded, scene folders (or any file of a scene, such as its _MTL.txt) or a folder holding them. Names as USGS gives them (LC08_L2SP_123032_20190401_20200829_02_T1_SR_B4.TIF): sensor, acquisition date (the band date), level and collection are read from them. Each scene needs its SR bands, ST band, QA_PIXEL, QA_RADSAT and MTL file (_MTL.txt or _MTL.xml). Collection 1, Level-1 and pre-collection products are refused.</source>
      <translation>景：按下载原样的 .tar 包、景文件夹（或景中的任一文件，如其 _MTL.txt），或包含它们的文件夹。名称须保持 USGS 给出的样式（LC08_L2SP_123032_20190401_20200829_02_T1_SR_B4.TIF）：从中读取传感器、获取日期（即波段日期）、处理级别和集合。每景需要其 SR 波段、ST 波段、QA_PIXEL、QA_RADSAT 和 MTL 文件（_MTL.txt 或 _MTL.xml）。Collection 1、Level-1 和集合化之前的产品会被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="65" />
      <source>standard (default) removes cloud, dilated cloud, cirrus (Landsat 8-9), cloud shadow, snow, saturation of a band used (QA_RADSAT) and terrain occlusion (8-9). Strict also removes medium or high cloud confidence and high cloud-shadow, snow and cirrus confidence. Lenient removes only cloud and cloud shadow. None removes nothing. Fill (QA_PIXEL bit 0, DN 0) is nodata at every level. The bits are listed in the notes.</source>
      <translation>标准（默认）去除云、扩展云、卷云（Landsat 8-9）、云阴影、积雪、所用波段的饱和（QA_RADSAT）以及地形遮挡（8-9）。严格还去除中或高云置信度，以及高云阴影、积雪和卷云置信度。宽松只去除云和云阴影。无则不去除任何像元。填充值（QA_PIXEL 第 0 位，DN 0）在所有级别下都是无数据。所读取的位列在附注中。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="72" />
      <source>optional: a raster whose grid the outputs take (usually the 1 km study grid, any CRS); each target cell gets the mean of the valid 30 m cells whose centres fall in it, and the valid fraction the share of its 30 m cells that passed the screening. Empty: the scenes' own 30 m UTM grid (covering all scenes); scenes in different UTM zones then need a target.</source>
      <translation>可选：输出所采用格网的栅格（通常为 1 km 研究格网，任意 CRS）；每个目标像元取中心落在其中的有效 30 m 像元的均值，有效比例为其中通过筛选的 30 m 像元所占比例。留空：使用各景自身的 30 m UTM 格网（覆盖所有景）；此时位于不同 UTM 带的景需要目标格网。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="78" />
      <source>where the files go (created if needed): Landsat_reflectance_2019-04-01.tif per date (6 bands, uint16 DN with reflectance = DN × 0.0000275 − 0.2, fill 0, as the 'Landsat' preset of 'Derive spectral indices' reads it), Landsat_surface_temperature.tif (K) and Landsat_valid_fraction.tif (0–1), float32 with nodata −9999. Files are written completely or not at all.</source>
      <translation>文件存放位置（需要时自动创建）：每个日期一个 Landsat_reflectance_2019-04-01.tif（6 个波段，uint16 DN，反射率 = DN × 0.0000275 − 0.2，填充值 0，与“计算光谱指数”的“Landsat”预设读取方式一致），以及 Landsat_surface_temperature.tif（K）和 Landsat_valid_fraction.tif（0–1），均为 float32，无数据值 −9999。文件要么完整写出，要么完全不写。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="84" />
      <source>the per-date reflectance files, for 'Derive spectral indices' (Landsat preset) in a model.</source>
      <translation>每个日期的反射率文件，供模型中的“计算光谱指数”（Landsat 预设）使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="86" />
      <source>the surface-temperature stack (absent when no scene has an ST band, as in L2SR products) and the valid-fraction stack, loaded and styled when the run ends.</source>
      <translation>地表温度栈（当没有任何景带 ST 波段时缺省，如 L2SR 产品）和有效比例栈，运行结束时加载并设置样式。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="90" />
      <source>the number of dates, the share of imaged 30 m cells the screening kept over all dates and the band dates (comma-separated), for later Modeler steps.</source>
      <translation>日期数、筛选在所有日期中保留的成像 30 m 像元比例，以及波段日期（逗号分隔），供后续建模器步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="98" />
      <source>QA bits read (Landsat 8-9 and 4-7 Collection 2 Level-2 Science Product Guides; bit 0 least significant). QA_PIXEL: 0 fill, 1 dilated cloud, 2 cirrus (8-9), 3 cloud, 4 cloud shadow, 5 snow, 8–9 cloud confidence, 10–11 cloud-shadow confidence, 12–13 snow/ice confidence, 14–15 cirrus confidence (8-9). QA_RADSAT: bit n − 1 = band n saturated (bands used: 8-9 bands 2–7, 4-7 bands 1–5 and 7), bit 11 terrain occlusion (8-9). One mask serves all bands and the surface temperature of a pixel.</source>
      <translation>读取的 QA 位（Landsat 8-9 与 4-7 Collection 2 Level-2 科学产品指南；第 0 位为最低位）。QA_PIXEL：0 填充，1 扩展云，2 卷云（8-9），3 云，4 云阴影，5 积雪，8–9 云置信度，10–11 云阴影置信度，12–13 积雪/冰置信度，14–15 卷云置信度（8-9）。QA_RADSAT：第 n − 1 位 = 第 n 波段饱和（所用波段：8-9 为 2–7 波段，4-7 为 1–5 和 7 波段），第 11 位为地形遮挡（8-9）。同一掩膜用于一个像元的所有波段和地表温度。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="105" />
      <source>Scenes of one day (adjacent rows of a path) are mosaicked; where they overlap, the first scene given that has data is used. Reflectance written onto a target grid is the averaged reflectance encoded back as DN (rounding error below 0.00002).</source>
      <translation>同一天的各景（同一轨道的相邻行）会被镶嵌；重叠处使用给定顺序中第一个有数据的景。写到目标格网上的反射率是平均后的反射率再编码回 DN（舍入误差小于 0.00002）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="109" />
      <source>Work is done date by date in windows of the output grid, so memory does not grow with the scene size; Cancel stops at the next window and leaves no output.</source>
      <translation>按日期、在输出格网的窗口中逐块处理，因此内存不随景的大小增长；“取消”会在下一个窗口停止且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="117" />
      <source>Landsat scenes (.tar bundles, scene folders or their files)</source>
      <translation>Landsat 景（.tar 包、景文件夹或其文件）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="120" />
      <source>Quality screening</source>
      <translation>质量筛选</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="125" />
      <source>Target grid (empty = the scenes' 30 m grid)</source>
      <translation>目标格网（留空 = 各景的 30 m 格网）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="129" />
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="131" />
      <source>Reflectance files (one per date)</source>
      <translation>反射率文件（每个日期一个）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="133" />
      <source>Surface temperature (K)</source>
      <translation>地表温度（K）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="135" />
      <source>Valid fraction</source>
      <translation>有效比例</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="137" />
      <source>Band dates (comma-separated)</source>
      <translation>波段日期（逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="144" />
      <source>No Landsat scene was given. Select the .tar bundles or scene folders as downloaded from USGS EarthExplorer.</source>
      <translation>未提供任何 Landsat 景。请选择从 USGS EarthExplorer 下载的 .tar 包或景文件夹。</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="121" />
      <source>Standard (clouds, shadow, snow, saturation)</source>
      <translation>标准（云、阴影、积雪、饱和）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="121" />
      <source>Strict</source>
      <translation>严格</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="122" />
      <source>Lenient (cloud and cloud shadow)</source>
      <translation>宽松（云和云阴影）</translation>
    </message>
    <message>
      <location filename="../algorithms/importlandsat.py" line="122" />
      <source>None (fill only)</source>
      <translation>无（仅填充值）</translation>
    </message>
  </context>
  <context>
    <name>ImportModis</name>
    <message>
      <location filename="../algorithms/importmodis.py" line="38" />
      <source>Number of dates</source>
      <translation>日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="38" />
      <source>Share of values kept by the quality screening (%)</source>
      <translation>质量筛选保留的值所占比例（%）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="42" />
      <source>Import MODIS products</source>
      <translation>导入 MODIS 产品</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="45" />
      <source>MODIS tiles as downloaded (HDF4-EOS) or AppEEARS GeoTIFFs → dated stacks of reflectance, LST, NDVI/EVI or land cover, screened by the products' QA bits, mosaicked and optionally warped onto a grid.</source>
      <translation>按原样下载的 MODIS 瓦片（HDF4-EOS）或 AppEEARS GeoTIFF → 带日期的反射率、LST、NDVI/EVI 或土地覆盖时间堆栈：按产品的 QA 位进行质量筛选、镶嵌，并可选择重采样到指定网格上。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="50" />
      <source>The first step of a study that starts from MODIS (all five papers do: MOD09GA, MOD09A1, MOD13A2, MOD11A1/A2, MCD12Q1). Reads the tiles of one product, for one or many tiles and dates, applies the scale factors and fill values of the Collection 6.1 user guides (reflectance = DN × 0.0001; LST = DN × 0.02 K; NDVI/EVI = DN × 0.0001), removes low-quality pixels by the QA bits at the chosen level, mosaics the tiles of each date and writes one stack per variable (one band per date, the ISO date in the band description). Surface reflectance is written as one 7-band file per date in MODIS band order, ready for 'Derive spectral indices' with its MODIS preset. What the screening removed is counted per date and rule in the log.</source>
      <translation>以 MODIS 为起点的研究的第一步（五篇论文均如此：MOD09GA、MOD09A1、MOD13A2、MOD11A1/A2、MCD12Q1）。读取某一产品的瓦片（一个或多个瓦片、一个或多个日期），应用 Collection 6.1 用户指南中的比例因子和填充值（反射率 = DN × 0.0001；LST = DN × 0.02 K；NDVI/EVI = DN × 0.0001），按所选级别根据 QA 位去除低质量像元，对每个日期的瓦片进行镶嵌，并为每个变量写出一个时间堆栈（每个日期一个波段，波段描述为 ISO 日期）。地表反射率按日期写出，每个日期一个 7 波段文件，波段按 MODIS 波段顺序排列，可直接配合 MODIS 预设用于“派生光谱指数”（Derive spectral indices）。质量筛选去除的内容按日期和规则统计在日志中。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="65" />
      <source>the .hdf tiles with the names LP DAAC gives them (MOD09GA.A2019091.h26v04.061.2019093040000.hdf: product, first day and tile are read from the name), or the GeoTIFFs of an AppEEARS area request (MOD11A1.061_LST_Day_1km_doy2019091_aid0001.tif, one file per layer and date; include the QA layers). One product per run.</source>
      <translation>按 LP DAAC 所给文件名命名的 .hdf 瓦片（MOD09GA.A2019091.h26v04.061.2019093040000.hdf：从文件名中读取产品、起始日和瓦片），或 AppEEARS 区域请求得到的 GeoTIFF（MOD11A1.061_LST_Day_1km_doy2019091_aid0001.tif，每个图层和日期一个文件；请包含 QA 图层）。每次运行处理一个产品。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="71" />
      <source>from the file names (default), or the product you expect: a file of another product is then refused. MOD09GA/MYD09GA daily and MOD09A1/MYD09A1 8-day surface reflectance (500 m); MOD13A2/MYD13A2 16-day NDVI and EVI (1 km); MOD11A1/MYD11A1 daily and MOD11A2/MYD11A2 8-day land surface temperature (1 km); MCD12Q1 yearly land cover (IGBP, 500 m).</source>
      <translation>从文件名中识别（默认），或指定预期的产品：此时其他产品的文件将被拒绝。MOD09GA/MYD09GA 逐日和 MOD09A1/MYD09A1 8 天地表反射率（500 m）；MOD13A2/MYD13A2 16 天 NDVI 和 EVI（1 km）；MOD11A1/MYD11A1 逐日和 MOD11A2/MYD11A2 8 天地表温度（1 km）；MCD12Q1 年度土地覆盖（IGBP，500 m）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="77" />
      <source>what to write; empty (default) = every variable of the product: reflectance (MOD09), LST day and night (MOD11), NDVI and EVI (MOD13), land cover (MCD12Q1, LC_Type1). A variable the product lacks is refused.</source>
      <translation>要写出的内容；留空（默认）= 该产品的所有变量：反射率（MOD09）、白天和夜间 LST（MOD11）、NDVI 和 EVI（MOD13）、土地覆盖（MCD12Q1，LC_Type1）。产品中没有的变量将被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="81" />
      <source>standard (default; the papers' 'low-quality pixels omitted'): removes clouds, cloud shadow, average/high cirrus, snow and ice, cloud-adjacent pixels and what the producer flags as lower quality (MOD09 band quality not highest; MOD11 LST error above 2 K; MOD13 adjacent or mixed cloud, shadow, snow). Strict also removes small cirrus, high aerosol, MOD09 'less than ideal', MOD11 'other quality' and MOD13 'marginal' pixels. Lenient removes only clouds and pixels not produced. None keeps every value that is not a fill value. The bits read are listed in the notes.</source>
      <translation>标准（默认；即论文中所说的“去除低质量像元”（low-quality pixels omitted））：去除云、云影、中等/高卷云、冰雪、云邻近像元以及生产者标记为较低质量的像元（MOD09 波段质量非最高；MOD11 LST 误差大于 2 K；MOD13 邻近云或混合云、阴影、冰雪）。严格：另外去除小卷云、高气溶胶、MOD09 “less than ideal”（不够理想）、MOD11 “other quality”（其他质量）和 MOD13 “marginal”（边缘）像元。宽松：仅去除云和未生成的像元。无：保留所有非填充值的值。所读取的位列在说明中。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="90" />
      <source>the band date of a composite (8-day, 16-day, yearly): the centre of its period (default; start + half the period, cut at the year's end as the products cut it) or its first day (the date in the file name). Daily products are dated by their day. Each band's metadata names the basis and the period.</source>
      <translation>合成产品（8 天、16 天、年度）的波段日期：取其合成期的中心（默认；起始日加半个合成期，与产品的做法一样在年末截断）或其第一天（文件名中的日期）。逐日产品以其当天为日期。每个波段的元数据注明日期依据和合成期。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="96" />
      <source>default on: for MOD13 (composite day of the year) and MOD09A1 (sur_refl_day_of_year) also write each pixel's observation day of the year as a stack, which 'Align stack to dates' uses to interpolate in time on the days the values were observed.</source>
      <translation>默认开启：对于 MOD13（composite day of the year）和 MOD09A1（sur_refl_day_of_year），还将每个像元的观测年积日写为一个时间堆栈，“将时间堆栈对齐到日期”（Align stack to dates）利用它在实际观测日上进行时间插值。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="101" />
      <source>optional: a raster whose grid the outputs take (e.g. a 1 km predictor or the study grid, any CRS); each target cell gets the mean of the valid source cells whose centres fall in it (the most frequent class for land cover; a target cell finer than the source takes the cell under its centre). Empty: the tiles' sinusoidal grid at the product's resolution, covering all tiles.</source>
      <translation>可选：一个栅格，输出将采用其网格（例如 1 km 预测变量或研究区网格，任意 CRS）；每个目标像元取中心落在其中的有效源像元的平均值（土地覆盖取出现最频繁的类别；目标像元比源像元更细时，取其中心所在的源像元）。留空：采用瓦片的正弦投影网格，分辨率为产品分辨率，覆盖所有瓦片。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="108" />
      <source>where the files go (created if needed): one stack per variable named after product and variable (MOD11A1_lst_day.tif; float32, nodata −9999; LST in K, indices unitless, land cover as class numbers), MOD13A2_observation_day.tif, and for reflectance one file per date (MOD09GA_reflectance_2019-04-01.tif; int16 DN, nodata −28672, reflectance = DN × 0.0001). Files are written completely or not at all.</source>
      <translation>文件的写出位置（必要时自动创建）：每个变量一个时间堆栈，以产品和变量命名（MOD11A1_lst_day.tif；float32，无数据值 −9999；LST 单位为 K，指数无单位，土地覆盖为类别编号），MOD13A2_observation_day.tif，反射率则每个日期一个文件（MOD09GA_reflectance_2019-04-01.tif；int16 DN，无数据值 −28672，反射率 = DN × 0.0001）。文件要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="115" />
      <source>the per-date reflectance files, for 'Derive spectral indices' in a model.</source>
      <translation>逐日期的反射率文件，供模型中的“派生光谱指数”（Derive spectral indices）使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="117" />
      <source>the stack of each variable the product has (absent otherwise), loaded and styled when the run ends.</source>
      <translation>产品所具有的每个变量的时间堆栈（产品没有该变量时不存在），在运行结束时加载并设置样式。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="120" />
      <source>the number of dates, the share of valid values the screening kept over all dates and variables, the band dates (comma-separated) and the product, for later Modeler steps.</source>
      <translation>日期数、质量筛选在所有日期和变量上保留的有效值比例、波段日期（逗号分隔）以及产品，供图形建模器的后续步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="129" />
      <source>QA bits read (bit 0 least significant). MOD09 QC_500m: bits 0–1 MODLAND QA, 4 bits per band from bit 2; state_1km (sur_refl_state_500m): 0–1 cloud state, 2 shadow, 6–7 aerosol, 8–9 cirrus, 10 internal cloud, 12 MOD35 snow/ice, 13 adjacent cloud, 15 internal snow. MOD11 QC_Day/QC_Night: 0–1 mandatory QA, 6–7 LST error. MOD13 VI Quality: 0–1 VI quality, 8 adjacent cloud, 10 mixed clouds, 14 snow/ice, 15 shadow; pixel reliability 0–3. The 1 km state of MOD09GA screens its four 500 m cells.</source>
      <translation>读取的 QA 位（位 0 为最低有效位）。MOD09 QC_500m：位 0–1 为 MODLAND QA，从位 2 起每个波段 4 位；state_1km（sur_refl_state_500m）：0–1 云状态，2 云影，6–7 气溶胶，8–9 卷云，10 内部云标志，12 MOD35 冰雪，13 邻近云，15 内部雪标志。MOD11 QC_Day/QC_Night：0–1 强制 QA，6–7 LST 误差。MOD13 VI Quality：0–1 VI 质量，8 邻近云，10 混合云，14 冰雪，15 阴影；像元可靠性（pixel reliability）0–3。MOD09GA 的 1 km state 用于筛选其所覆盖的四个 500 m 像元。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="136" />
      <source>Work is done date by date in windows of 512×512 output cells, so memory does not grow with the number of tiles; Cancel stops at the next window and leaves no output.</source>
      <translation>按日期逐个处理，每次处理 512×512 个输出像元的窗口，因此内存不会随瓦片数量增长；“取消”会在下一个窗口处停止，且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="172" />
      <source>LST, day (K)</source>
      <translation>LST，白天（K）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="172" />
      <source>LST, night (K)</source>
      <translation>LST，夜间（K）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="173" />
      <source>NDVI</source>
      <translation>NDVI</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="173" />
      <source>EVI</source>
      <translation>EVI</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="173" />
      <source>Land cover</source>
      <translation>土地覆盖</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="174" />
      <source>Observation day of year</source>
      <translation>观测年积日</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="144" />
      <source>MODIS files (.hdf tiles or AppEEARS GeoTIFFs)</source>
      <translation>MODIS 文件（.hdf 瓦片或 AppEEARS GeoTIFF）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="147" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="150" />
      <source>Variables (empty = all of the product)</source>
      <translation>变量（留空 = 产品的全部变量）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="155" />
      <source>Quality screening</source>
      <translation>质量筛选</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="159" />
      <source>Date of a composite</source>
      <translation>合成产品的日期</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="163" />
      <source>Write per-pixel observation days</source>
      <translation>写出逐像元观测日</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="165" />
      <source>Target grid (empty = sinusoidal tiles)</source>
      <translation>目标网格（留空 = 正弦投影瓦片）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="169" />
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="171" />
      <source>Reflectance files (one per date)</source>
      <translation>反射率文件（每个日期一个）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="178" />
      <source>Band dates (comma-separated)</source>
      <translation>波段日期（逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="186" />
      <source>No MODIS file was given. Select the .hdf tiles as downloaded, or the GeoTIFFs of an AppEEARS request.</source>
      <translation>未提供 MODIS 文件。请选择按原样下载的 .hdf 瓦片，或 AppEEARS 请求得到的 GeoTIFF。</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="151" />
      <source>Surface reflectance (bands 1–7)</source>
      <translation>地表反射率（波段 1–7）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="151" />
      <source>LST, day</source>
      <translation>LST，白天</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="151" />
      <source>LST, night</source>
      <translation>LST，夜间</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="152" />
      <source>Land cover (IGBP)</source>
      <translation>土地覆盖（IGBP）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="156" />
      <source>Standard (low-quality pixels omitted)</source>
      <translation>标准（去除低质量像元）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="156" />
      <source>Strict</source>
      <translation>严格</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="156" />
      <source>Lenient</source>
      <translation>宽松</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="157" />
      <source>None (fill values only)</source>
      <translation>无（仅去除填充值）</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="160" />
      <source>Centre of its period</source>
      <translation>合成期的中心</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="160" />
      <source>First day of its period</source>
      <translation>合成期的第一天</translation>
    </message>
    <message>
      <location filename="../algorithms/importmodis.py" line="147" />
      <source>From the file names</source>
      <translation>从文件名识别</translation>
    </message>
  </context>
  <context>
    <name>ImportPrecipitation</name>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="28" />
      <source>Number of days</source>
      <translation>天数</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="31" />
      <source>Import precipitation (IMERG, CHIRPS, ERA5-Land)</source>
      <translation>导入降水（IMERG、CHIRPS、ERA5-Land）</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="34" />
      <source>GPM IMERG daily, CHIRPS daily or ERA5-Land hourly files as downloaded → one stack of daily precipitation totals (mm/day, one band per UTC day) on the product's own grid.</source>
      <translation>按下载原样的 GPM IMERG 逐日、CHIRPS 逐日或 ERA5-Land 逐小时文件 → 产品自身格网上一个逐日降水总量时间序列栈（mm/day，每个 UTC 日一个波段）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="39" />
      <source>Precipitation is the predictor surface soil moisture follows most (Yan &amp; Bai 2020 found it dominant in every season; Xu et al. 2024 checked their maps against rain events). This step reads the files of one product as the data centres distribute them and writes a tiled float32 stack of daily totals in mm/day (nodata −9999, unit declared), one band per day with its ISO date in the band description, on the product's own global grid cut to the extent in whole cells: GPM IMERG daily (0.1°), CHIRPS v2.0 daily (0.05°, 50° S–50° N) or ERA5-Land (0.1°, cell centres on the 0.1° lines). The result is the input of 'Antecedent precipitation index', and becomes a predictor on the 1 km grid with 'Resample to fine grid' or on the coarse grid with 'Aggregate to coarse grid'.</source>
      <translation>降水是表层土壤水分变化最紧密跟随的预测因子（Yan &amp; Bai 2020 发现它在每个季节都占主导；Xu et al. 2024 用降雨事件检验了其结果图）。此步骤按数据中心发布的原样读取某一产品的文件，并在产品自身的全球格网（按完整像元裁剪到指定范围）上写出分块的 float32 逐日降水总量时间序列栈，单位为 mm/day（无数据值 −9999，声明单位），每天一个波段，ISO 日期写入波段描述：GPM IMERG 逐日（0.1°）、CHIRPS v2.0 逐日（0.05°，50° S–50° N）或 ERA5-Land（0.1°，像元中心位于 0.1° 格线上）。结果作为“前期降水指数”的输入，并可通过“重采样到精细网格”成为 1 km 格网上的预测因子，或通过“聚合到粗分辨率网格”成为粗分辨率格网上的预测因子。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="55" />
      <source>the files as downloaded, of one product. IMERG: the daily NetCDF4 files of NASA GES DISC (3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959.V06.nc4; 3B-DAY-L… Late, 3B-DAY-E… Early run) or HDF5 granules with the same variables under Grid/; half-hourly and monthly granules are refused. CHIRPS: daily GeoTIFFs (chirps-v2.0.2019.06.01.tif, also .tif.gz, global or the Africa set) or yearly NetCDF (chirps-v2.0.2019.days_p05.nc, one band per day). ERA5-Land: NetCDF of 'ERA5-Land hourly data' with 'Total precipitation' (tp), any hours or only 00:00, any area. Regional subsets are fine; files whose cells are not the product's grid are refused. Each file's date comes from its name (IMERG, CHIRPS GeoTIFF) or its time axis.</source>
      <translation>按下载原样的同一产品文件。IMERG：NASA GES DISC 的逐日 NetCDF4 文件（3B-DAY.MS.MRG.3IMERG.20190601-S000000-E235959.V06.nc4；3B-DAY-L… 为 Late Run，3B-DAY-E… 为 Early Run），或在 Grid/ 下含相同变量的 HDF5 数据文件；半小时和月尺度的数据文件会被拒绝。CHIRPS：逐日 GeoTIFF（chirps-v2.0.2019.06.01.tif，也可为 .tif.gz，全球或非洲数据集）或逐年 NetCDF（chirps-v2.0.2019.days_p05.nc，每天一个波段）。ERA5-Land：“ERA5-Land hourly data”中含“Total precipitation”（tp）的 NetCDF，任意时次或仅 00:00，任意区域。区域子集亦可；像元不在产品格网上的文件会被拒绝。每个文件的日期取自其文件名（IMERG、CHIRPS GeoTIFF）或其时间轴。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="66" />
      <source>recognised from the files (default), or the product you expect: a file of another product is then refused with its name.</source>
      <translation>从文件中识别（默认），或指定预期的产品：此时其他产品的文件将被拒绝，并给出其文件名。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="69" />
      <source>which IMERG estimate: calibrated (default; precipitationCal in V06, precipitation in V07: the multi-satellite estimate, gauge-adjusted in the Final run, the one the IMERG documentation recommends for general use) or microwave only (HQprecipitation / MWprecipitation: passive-microwave overpasses only, with gaps). Ignored for CHIRPS and ERA5-Land.</source>
      <translation>使用哪种 IMERG 估计值：校准值（默认；V06 中为 precipitationCal，V07 中为 precipitation：多卫星估计值，在 Final Run 中经雨量站订正，也是 IMERG 文档推荐用于一般用途的估计值）或仅微波（HQprecipitation / MWprecipitation：仅含被动微波过境观测，存在缺失）。对 CHIRPS 和 ERA5-Land 忽略此项。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="75" />
      <source>optional: cut the product's global grid to this extent (any CRS, or a layer's extent), snapped outward to whole cells; empty = the area the files cover.</source>
      <translation>可选：将产品的全球格网裁剪到该范围（任意 CRS，或某图层的范围），并向外对齐到完整像元；留空 = 文件覆盖的区域。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="79" />
      <source>the stack (mm/day, float32, nodata −9999, EPSG:4326), loaded with band 1 shown; its band metadata name the source file and variable of each day. Written completely or not at all. The log counts the cells of each rule: fill values (no estimate; CHIRPS' ocean), negative totals set to 0 and totals of −1 mm/day or less removed.</source>
      <translation>时间序列栈（mm/day，float32，无数据值 −9999，EPSG:4326），加载时显示波段 1；其波段元数据注明每天的源文件和变量。要么完整写出，要么完全不写。日志统计每条规则涉及的像元数：填充值（无估计值；CHIRPS 的海洋区域）、置为 0 的负总量，以及被剔除的 −1 mm/day 及以下的总量。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="85" />
      <source>the number of days, the band dates (comma-separated) and the product, for later Modeler steps.</source>
      <translation>天数、波段日期（以逗号分隔）和产品，供后续建模器步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="93" />
      <source>Units and days. IMERG: the 'units' attribute decides — mm (V06 daily: the day's sum) and mm/day are taken as they are, mm/hr (a daily mean rate) is × 24; the day is 00:00–23:59 UTC; fill −9999.9. CHIRPS: mm/day; the day CHC labels the file or step with (no time zone is published); fill −9999. ERA5-Land: tp in metres accumulated from 00 UTC; the value at 00 UTC of day d + 1 (step 24) is the whole of day d (the same as summing the de-accumulated hours), × 1000 → mm. So a file's first 00 UTC step gives the day before it, and a day whose next-day 00 UTC step is in no file is left out with a warning. ERA5-Land's accumulated variables have no CDS daily statistics, and monthly means are refused.</source>
      <translation>单位与日期。IMERG：由“units”属性决定——mm（V06 逐日：当日累计量）和 mm/day 按原值采用，mm/hr（日平均降水率）× 24；一天为 00:00–23:59 UTC；填充值 −9999.9。CHIRPS：mm/day；日期为 CHC 为文件或时间步标注的日期（未公布时区）；填充值 −9999。ERA5-Land：tp 为自 00 UTC 起累积的值，单位为米；第 d + 1 天 00 UTC 的值（step 24）即第 d 天的全天总量（与将去累积后的逐小时值求和相同），× 1000 → mm。因此，文件中第一个 00 UTC 时间步给出的是前一天的值；若某天次日 00 UTC 的时间步不在任何文件中，则略过该天并给出警告。ERA5-Land 的累积变量没有 CDS 逐日统计量，月平均值会被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="103" />
      <source>Negative totals above −1 mm/day are rounding or packing artefacts (ERA5-Land is stored as packed integers) and are set to 0; totals of −1 mm/day or less are treated as undeclared fill values and removed.</source>
      <translation>大于 −1 mm/day 的负总量是舍入或打包造成的伪值（ERA5-Land 以打包整数存储），将被置为 0；−1 mm/day 及以下的总量视为未声明的填充值并予以剔除。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="106" />
      <source>Work is done day by day in strips of 256 rows, so memory stays bounded on the global grids; Cancel stops at the next strip and leaves no output.</source>
      <translation>按天、以 256 行为一个条带逐块处理，因此在全球格网上内存占用保持有限；“取消”会在下一个条带处停止且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="113" />
      <source>Precipitation files (IMERG .nc4/.HDF5, CHIRPS .tif/.nc, ERA5-Land .nc)</source>
      <translation>降水文件（IMERG .nc4/.HDF5、CHIRPS .tif/.nc、ERA5-Land .nc）</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="116" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="120" />
      <source>IMERG variable</source>
      <translation>IMERG 变量</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="125" />
      <source>Extent (empty = the files' area)</source>
      <translation>范围（留空 = 文件覆盖的区域）</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="129" />
      <source>Daily precipitation (mm/day)</source>
      <translation>逐日降水（mm/day）</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="131" />
      <source>Band dates (comma-separated)</source>
      <translation>波段日期（以逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="140" />
      <source>No precipitation file was given. Select IMERG, CHIRPS or ERA5-Land files as downloaded.</source>
      <translation>未提供降水文件。请选择按下载原样的 IMERG、CHIRPS 或 ERA5-Land 文件。</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="151" />
      <source>{product} precipitation (mm/day, {n} days)</source>
      <translation>{product} 降水（mm/day，{n} 天）</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="117" />
      <source>Recognise from the files</source>
      <translation>从文件中识别</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="117" />
      <source>GPM IMERG daily</source>
      <translation>GPM IMERG 逐日</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="118" />
      <source>CHIRPS daily</source>
      <translation>CHIRPS 逐日</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="118" />
      <source>ERA5-Land hourly</source>
      <translation>ERA5-Land 逐小时</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="121" />
      <source>Calibrated (precipitationCal / precipitation)</source>
      <translation>校准值（precipitationCal / precipitation）</translation>
    </message>
    <message>
      <location filename="../algorithms/importprecipitation.py" line="122" />
      <source>Microwave only (HQprecipitation / MWprecipitation)</source>
      <translation>仅微波（HQprecipitation / MWprecipitation）</translation>
    </message>
  </context>
  <context>
    <name>ImportSentinel2</name>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="26" />
      <source>Number of dates</source>
      <translation>日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="26" />
      <source>Share of imaged cells kept by the quality screening (%)</source>
      <translation>质量筛选保留的成像像元比例（%）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="30" />
      <source>Import Sentinel-2 L2A</source>
      <translation>导入 Sentinel-2 L2A</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="33" />
      <source>Sentinel-2 Level-2A products as downloaded (.SAFE folder or .zip) → one 6-band reflectance file per date, screened by the scene classification (SCL), mosaicked and averaged onto a grid.</source>
      <translation>按下载原样的 Sentinel-2 Level-2A 产品（.SAFE 文件夹或 .zip）→ 每个日期一个 6 波段反射率文件，按场景分类（SCL）筛选、镶嵌并平均到格网上。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="38" />
      <source>Reads Sentinel-2 MSI Level-2A products as the Copernicus Data Space delivers them, scales the bands B02, B03, B04, B08 (10 m), B11 and B12 (20 m) with the product's own metadata (reflectance = (DN + BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE; the offset is −1000 from processing baseline 04.00 on and 0 before), removes clouds, cloud shadows, cirrus, snow and defective pixels by the scene classification (SCL) at the chosen level, mosaics the tiles of each day and writes one 6-band reflectance file per date in the band order of 'Derive spectral indices' (blue, green, red, NIR, SWIR1, SWIR2) and a valid-fraction stack (one band per date, the ISO date in the band description). What the screening removed is counted per date and rule in the log.</source>
      <translation>读取哥白尼数据空间（Copernicus Data Space）提供的 Sentinel-2 MSI Level-2A 产品，用产品自身的元数据换算 B02、B03、B04、B08（10 m）以及 B11 和 B12（20 m）波段（反射率 = (DN + BOA_ADD_OFFSET) / BOA_QUANTIFICATION_VALUE；自处理基线 04.00 起偏移为 −1000，之前为 0），按所选级别依据场景分类（SCL）去除云、云阴影、卷云、积雪和缺陷像元，镶嵌同一天的各图幅，并按“计算光谱指数”的波段顺序（蓝、绿、红、近红外、SWIR1、SWIR2）为每个日期写出一个 6 波段反射率文件，另写出有效比例栈（每个日期一个波段，波段描述为 ISO 日期）。筛选去除的数量按日期和规则记录在日志中。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="54" />
      <source>the products: the .zip files as downloaded, .SAFE folders (or their MTD_MSIL2A.xml) or a folder holding them. The sensing date in the name (S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006) is the band date. Each product needs its MTD_MSIL2A.xml, the 10 m bands B02, B03, B04, B08 and the 20 m B11, B12 and SCL (IMG_DATA/R10m and R20m). Level-1C products are refused.</source>
      <translation>产品：按下载原样的 .zip 文件、.SAFE 文件夹（或其 MTD_MSIL2A.xml），或包含它们的文件夹。名称中的感测日期（S2A_MSIL2A_20190401T030541_N0211_R075_T50TMK_20190401T070006）即为波段日期。每个产品需要其 MTD_MSIL2A.xml、10 m 波段 B02、B03、B04、B08 以及 20 m 的 B11、B12 和 SCL（IMG_DATA/R10m 与 R20m）。Level-1C 产品会被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="61" />
      <source>by the SCL classes: standard (default) removes 1 saturated or defective, 3 cloud shadows, 8 cloud medium probability, 9 cloud high probability, 10 thin cirrus and 11 snow. Strict also removes 2 dark area (cast shadows) and 7 unclassified. Lenient removes only 1, 8 and 9. None removes nothing. Class 0 (no data) and DN 0 are nodata at every level; a band DN of 65535 (saturated) counts with class 1.</source>
      <translation>按 SCL 类别：标准（默认）去除 1 饱和或缺陷、3 云阴影、8 中概率云、9 高概率云、10 薄卷云和 11 积雪。严格还去除 2 暗区（投射阴影）和 7 未分类。宽松只去除 1、8 和 9。无则不去除任何像元。类别 0（无数据）和 DN 0 在所有级别下都是无数据；波段 DN 为 65535（饱和）时按类别 1 计。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="68" />
      <source>optional but usual: a raster whose grid the outputs take (the 1 km study grid, any CRS); each target cell gets the mean of the valid 20 m cells whose centres fall in it, and the valid fraction the share of its 20 m cells that passed the screening. Empty: the tiles' own 20 m UTM grid (covering all tiles); tiles in different UTM zones then need a target.</source>
      <translation>可选但常用：输出所采用格网的栅格（1 km 研究格网，任意 CRS）；每个目标像元取中心落在其中的有效 20 m 像元的均值，有效比例为其中通过筛选的 20 m 像元所占比例。留空：使用各图幅自身的 20 m UTM 格网（覆盖所有图幅）；此时位于不同 UTM 带的图幅需要目标格网。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="74" />
      <source>where the files go (created if needed): Sentinel2_reflectance_2019-04-01.tif per date (6 bands, uint16 DN with reflectance = DN × 0.0001 − 0.1, fill 0, as the 'Sentinel-2' preset of 'Derive spectral indices' reads it, whatever the processing baseline) and Sentinel2_valid_fraction.tif (0–1, float32, nodata −9999). Files are written completely or not at all.</source>
      <translation>文件存放位置（需要时自动创建）：每个日期一个 Sentinel2_reflectance_2019-04-01.tif（6 个波段，uint16 DN，反射率 = DN × 0.0001 − 0.1，填充值 0，与“计算光谱指数”的“Sentinel-2”预设读取方式一致，与处理基线无关），以及 Sentinel2_valid_fraction.tif（0–1，float32，无数据值 −9999）。文件要么完整写出，要么完全不写。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="80" />
      <source>the per-date reflectance files, for 'Derive spectral indices' (Sentinel-2 preset) in a model.</source>
      <translation>每个日期的反射率文件，供模型中的“计算光谱指数”（Sentinel-2 预设）使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="82" />
      <source>the valid-fraction stack, loaded and styled when the run ends.</source>
      <translation>有效比例栈，运行结束时加载并设置样式。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="84" />
      <source>the number of dates, the share of imaged 20 m cells the screening kept over all dates and the band dates (comma-separated), for later Modeler steps.</source>
      <translation>日期数、筛选在所有日期中保留的成像 20 m 像元比例，以及波段日期（逗号分隔），供后续建模器步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="92" />
      <source>The 10 m and 20 m bands meet on the 20 m grid of the scene classification: each 20 m cell of B02, B03, B04 and B08 is the mean of its four 10 m cells (of those with data), so the mask and all bands describe the same ground.</source>
      <translation>10 m 与 20 m 波段在场景分类的 20 m 格网上汇合：B02、B03、B04 和 B08 的每个 20 m 像元取其四个 10 m 像元（有数据者）的均值，因此掩膜与所有波段描述的是同一地面。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="95" />
      <source>Tiles of one day are mosaicked; where they overlap, the first product given that has data is used. Reflectance written onto a target grid is the averaged reflectance encoded back as DN (rounding error below 0.00005).</source>
      <translation>同一天的各图幅会被镶嵌；重叠处使用给定顺序中第一个有数据的产品。写到目标格网上的反射率是平均后的反射率再编码回 DN（舍入误差小于 0.00005）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="98" />
      <source>Work is done date by date in windows of the output grid, so memory does not grow with the tile size; Cancel stops at the next window and leaves no output.</source>
      <translation>按日期、在输出格网的窗口中逐块处理，因此内存不随图幅大小增长；“取消”会在下一个窗口停止且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="106" />
      <source>Sentinel-2 L2A products (.zip, .SAFE folders or MTD_MSIL2A.xml)</source>
      <translation>Sentinel-2 L2A 产品（.zip、.SAFE 文件夹或 MTD_MSIL2A.xml）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="109" />
      <source>Quality screening</source>
      <translation>质量筛选</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="114" />
      <source>Target grid (empty = the tiles' 20 m grid)</source>
      <translation>目标格网（留空 = 各图幅的 20 m 格网）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="118" />
      <source>Output folder</source>
      <translation>输出文件夹</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="120" />
      <source>Reflectance files (one per date)</source>
      <translation>反射率文件（每个日期一个）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="121" />
      <source>Valid fraction</source>
      <translation>有效比例</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="123" />
      <source>Band dates (comma-separated)</source>
      <translation>波段日期（逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="130" />
      <source>No Sentinel-2 product was given. Select the .zip files or .SAFE folders as downloaded.</source>
      <translation>未提供任何 Sentinel-2 产品。请选择按下载原样的 .zip 文件或 .SAFE 文件夹。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="110" />
      <source>Standard (clouds, shadows, cirrus, snow, defective)</source>
      <translation>标准（云、阴影、卷云、积雪、缺陷）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="110" />
      <source>Strict</source>
      <translation>严格</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="111" />
      <source>Lenient (clouds and defective)</source>
      <translation>宽松（云和缺陷）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsentinel2.py" line="111" />
      <source>None (no data only)</source>
      <translation>无（仅无数据）</translation>
    </message>
  </context>
  <context>
    <name>ImportSmap</name>
    <message>
      <location filename="../algorithms/importsmap.py" line="33" />
      <source>Number of bands</source>
      <translation>波段数</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="36" />
      <source>Import SMAP granules</source>
      <translation>导入 SMAP 数据文件</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="39" />
      <source>Converts SMAP L3 (SPL3SMP, SPL3SMP_E) and L4 (SPL4SMGP) HDF5 files into one dated soil-moisture stack on the EASE-Grid 2.0 grid, with the quality flags applied.</source>
      <translation>将 SMAP L3（SPL3SMP、SPL3SMP_E）和 L4（SPL4SMGP）HDF5 文件转换为 EASE-Grid 2.0 格网上一个带日期的土壤水分时间序列栈，并应用质量标志。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="44" />
      <source>The first step of a SMAP study (Cai et al. 2022 converted their SMAP L4 granules with NASA's HEG tool; Xu et al. 2024 filled AM gaps with PM values, though only in the 1 km product they compared with). Reads the granules as NSIDC distributes them and writes a tiled float32 stack (m³/m³, nodata −9999) on the EASE-Grid 2.0 global grid (EPSG:6933; 36 km cells of 36 032.22 m for SPL3SMP, 9 km cells of 9 008.06 m for SPL3SMP_E and SPL4SMGP; origin −17 367 530.45 m, 7 314 540.83 m), one band per date, the date from the file name in each band's description. The product is recognised from the file's layout; one product per run.</source>
      <translation>SMAP 研究的第一步（Cai et al. 2022 使用 NASA 的 HEG 工具转换其 SMAP L4 数据文件；Xu et al. 2024 用下午过境值填补上午过境的缺失，但仅在其用于比较的 1 km 产品中如此）。按 NSIDC 发布的原样读取数据文件，并在 EASE-Grid 2.0 全球格网（EPSG:6933；SPL3SMP 为 36 km 像元，边长 36 032.22 m；SPL3SMP_E 和 SPL4SMGP 为 9 km 像元，边长 9 008.06 m；原点 −17 367 530.45 m, 7 314 540.83 m）上写出分块的 float32 时间序列栈（m³/m³，无数据值 −9999），每个日期一个波段，取自文件名的日期写入各波段描述。产品类型根据文件的结构识别；每次运行仅处理一种产品。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="57" />
      <source>the .h5 files with their original names (SMAP_L3_SM_P_20190601_…, SMAP_L3_SM_P_E_…, SMAP_L4_SM_gph_20190601T013000_…).</source>
      <translation>保留原始文件名的 .h5 文件（SMAP_L3_SM_P_20190601_…、SMAP_L3_SM_P_E_…、SMAP_L4_SM_gph_20190601T013000_…）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="60" />
      <source>AM, gaps filled from PM (default: one band per day, the 6:00 descending pass where it has a value, else the 18:00 ascending one); AM and PM as separate bands (band descriptions YYYY-MM-DDT06:00 and T18:00); AM only; PM only. L4 granules give one band each, at their 3-hourly time.</source>
      <translation>上午过境，缺失由下午过境填补（默认：每天一个波段，6:00 降轨过境有值处取其值，否则取 18:00 升轨过境的值）；上午和下午过境分别作为独立波段（波段描述为 YYYY-MM-DDT06:00 和 T18:00）；仅上午过境；仅下午过境。L4 数据文件每个生成一个波段，时间为其 3 小时间隔的时刻。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="65" />
      <source>recommended quality only (default: bit 0 of retrieval_qual_flag is 0); every successful retrieval (bit 2 is 0); no quality filter.</source>
      <translation>仅保留推荐质量（默认：retrieval_qual_flag 的 bit 0 为 0）；所有成功的反演（bit 2 为 0）；不做质量筛选。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="68" />
      <source>default on: cells whose surface_flag marks frozen ground (bit 7, radiometer; bit 8, model) / snow or ice (bits 5, 6) or open water (bit 0) are removed.</source>
      <translation>默认开启：剔除 surface_flag 标记为冻土（bit 7，辐射计；bit 8，模型）/ 积雪或冰（bit 5、6）或开阔水体（bit 0）的像元。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="71" />
      <source>values outside 0.02–0.6 m³/m³ (default) are removed.</source>
      <translation>剔除超出 0.02–0.6 m³/m³（默认）范围的值。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="73" />
      <source>optional: cut the global grid to this extent (any CRS, or a layer's extent), snapped outward to whole cells; empty = the whole globe.</source>
      <translation>可选：将全球格网裁剪到该范围（任意 CRS，或某图层的范围），并向外对齐到完整像元；留空 = 全球。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="76" />
      <source>the stack, loaded with the fixed soil-moisture ramp; the log says how many cells each rule removed (fill value, retrieval quality, frozen ground, snow/ice/water, valid range) and how many AM gaps the PM pass filled.</source>
      <translation>时间序列栈，加载时使用固定的土壤水分色带；日志会给出每条规则剔除的像元数（填充值、反演质量、冻土、积雪/冰/水体、有效范围），以及下午过境填补的上午缺失数。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="80" />
      <source>band count, dates, product.</source>
      <translation>波段数、日期、产品。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="84" />
      <source>AMSR2, SMOS and ESA CCI soil moisture have their own importers: Import AMSR2 soil moisture, Import SMOS soil moisture, Import ESA CCI soil moisture.</source>
      <translation>AMSR2、SMOS 和 ESA CCI 土壤水分有各自的导入工具：“导入 AMSR2 土壤水分”、“导入 SMOS 土壤水分”、“导入 ESA CCI 土壤水分”。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="104" />
      <source>Lowest valid value (m³/m³)</source>
      <translation>最小有效值（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="105" />
      <source>Highest valid value (m³/m³)</source>
      <translation>最大有效值（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="91" />
      <source>SMAP granules (.h5)</source>
      <translation>SMAP 数据文件（.h5）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="93" />
      <source>Passes (L3)</source>
      <translation>过境（L3）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="97" />
      <source>Retrieval quality (L3)</source>
      <translation>反演质量（L3）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="101" />
      <source>Mask frozen ground</source>
      <translation>掩膜冻土</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="103" />
      <source>Mask snow, ice and open water</source>
      <translation>掩膜积雪、冰和开阔水体</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="107" />
      <source>Extent (empty = whole globe)</source>
      <translation>范围（留空 = 全球）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="111" />
      <source>SMAP soil moisture</source>
      <translation>SMAP 土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="113" />
      <source>Band dates (comma-separated)</source>
      <translation>波段日期（以逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="114" />
      <source>Product</source>
      <translation>产品</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="121" />
      <source>No SMAP granule was given. Select one or more .h5 files.</source>
      <translation>未提供 SMAP 数据文件。请选择一个或多个 .h5 文件。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="135" />
      <source>SMAP soil moisture ({n} bands)</source>
      <translation>SMAP 土壤水分（{n} 个波段）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="94" />
      <source>AM, gaps filled from PM</source>
      <translation>上午过境，缺失由下午过境填补</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="94" />
      <source>AM and PM as separate bands</source>
      <translation>上午、下午过境各为独立波段</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="95" />
      <source>AM only</source>
      <translation>仅上午过境</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="95" />
      <source>PM only</source>
      <translation>仅下午过境</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="98" />
      <source>Recommended quality only</source>
      <translation>仅推荐质量</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="98" />
      <source>Every successful retrieval</source>
      <translation>所有成功反演</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmap.py" line="99" />
      <source>No quality filter</source>
      <translation>不做质量筛选</translation>
    </message>
  </context>
  <context>
    <name>ImportSmos</name>
    <message>
      <location filename="../algorithms/importsmos.py" line="29" />
      <source>Number of bands</source>
      <translation>波段数</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="32" />
      <source>Import SMOS soil moisture</source>
      <translation>导入 SMOS 土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="35" />
      <source>Converts SMOS daily soil-moisture files (CATDS L3SM and SMOS-IC NetCDF) into one dated stack on the EASE-Grid 2.0 25 km grid, with the quality and RFI screening applied.</source>
      <translation>将 SMOS 逐日土壤水分文件（CATDS L3SM 和 SMOS-IC NetCDF）转换为 EASE-Grid 2.0 25 km 格网上一个带日期的时间序列栈，并应用质量筛选和 RFI 筛选。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="40" />
      <source>Reads the CATDS-PDC L3SM filtered daily files (SM_RE07_MIR_CLF31A_20190601T000000_…_7.DBL.nc, one per day and orbit: A ascending at 06:00, D descending at 18:00 local solar time) or SMOS-IC daily files (INRA-CESBIO) and writes a tiled float32 stack (m³/m³, nodata −9999) on the EASE-Grid 2.0 global 25 km grid (EPSG:6933; 1388 × 584 cells of 25 025.26 m from −17 367 530.44 m, 7 307 375.92 m), one band per date, the date in each band's description. The product is recognised from the file's variables; one product per run.</source>
      <translation>读取 CATDS-PDC L3SM 经过滤的逐日文件（SM_RE07_MIR_CLF31A_20190601T000000_…_7.DBL.nc，每天每个轨道一个文件：A 为地方太阳时 06:00 的升轨，D 为地方太阳时 18:00 的降轨）或 SMOS-IC 逐日文件（INRA-CESBIO），并在 EASE-Grid 2.0 全球 25 km 格网（EPSG:6933；自 −17 367 530.44 m, 7 307 375.92 m 起 1388 × 584 个边长 25 025.26 m 的像元）上写出分块的 float32 时间序列栈（m³/m³，无数据值 −9999），每个日期一个波段，日期写入各波段描述。产品类型根据文件中的变量识别；每次运行仅处理一种产品。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="53" />
      <source>the .nc (.DBL.nc) files with their original names (the orbit direction is read from the name).</source>
      <translation>保留原始文件名的 .nc（.DBL.nc）文件（从文件名中读取轨道方向）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="55" />
      <source>ascending, gaps filled from descending (default: one band per day, the 06:00 pass where it has a value, else the 18:00 one); ascending and descending as separate bands (descriptions YYYY-MM-DDT06:00 and T18:00); ascending only; descending only.</source>
      <translation>升轨，缺失由降轨填补（默认：每天一个波段，06:00 过境有值处取其值，否则取 18:00 过境的值）；升轨和降轨分别作为独立波段（描述为 YYYY-MM-DDT06:00 和 T18:00）；仅升轨；仅降轨。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="60" />
      <source>CATDS: values whose retrieval uncertainty Soil_Moisture_Dqx exceeds this (m³/m³; default 0.1; 0 = not screened) are removed.</source>
      <translation>CATDS：剔除反演不确定度 Soil_Moisture_Dqx 超过此值的值（m³/m³；默认 0.1；0 = 不筛选）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="63" />
      <source>CATDS: values whose probability of radio-frequency interference Rfi_Prob exceeds this (0–1; default 0.2; 1 = not screened) are removed.</source>
      <translation>CATDS：剔除射频干扰概率 Rfi_Prob 超过此值的值（0–1；默认 0.2；1 = 不筛选）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="66" />
      <source>CATDS: values whose retrieval fit probability Chi_2_P is below this (0–1; default 0.05; 0 = not screened) are removed.</source>
      <translation>CATDS：剔除反演拟合概率 Chi_2_P 低于此值的值（0–1；默认 0.05；0 = 不筛选）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="69" />
      <source>CATDS: bits of Science_Flags that remove a value (default 0: none; see the CATDS product description for the bits).</source>
      <translation>CATDS：Science_Flags 中导致剔除值的位（默认 0：无；各位的含义参见 CATDS 产品说明）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="72" />
      <source>SMOS-IC: the highest Quality_Flag kept (0 best … 2; default 0).</source>
      <translation>SMOS-IC：保留的最高 Quality_Flag（0 最好 … 2；默认 0）。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="74" />
      <source>the stack, loaded with the fixed soil-moisture ramp; the log says how many cells each rule removed (fill, Dqx, RFI, Chi-2, flags, SMOS-IC quality, valid range) and how many gaps the other pass filled.</source>
      <translation>时间序列栈，加载时使用固定的土壤水分色带；日志会给出每条规则剔除的像元数（填充值、Dqx、RFI、Chi-2、标志、SMOS-IC 质量、有效范围），以及另一过境填补的缺失数。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="83" />
      <source>The default thresholds are this plugin's choice: the CATDS and SMOS-IC documents could not be consulted here for recommended values, Science_Flags bit meanings or the SMOS-IC quality levels. Check them against your product's documentation.</source>
      <translation>默认阈值由本插件自行选定：此处无法查阅 CATDS 和 SMOS-IC 文档以获取推荐值、Science_Flags 各位的含义或 SMOS-IC 的质量等级。请对照您所用产品的文档进行核对。</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="90" />
      <source>SMOS daily files (.nc)</source>
      <translation>SMOS 逐日文件（.nc）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="96" />
      <source>Highest Dqx (m³/m³; 0 = off)</source>
      <translation>最大 Dqx（m³/m³；0 = 关闭）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="97" />
      <source>Highest RFI probability (1 = off)</source>
      <translation>最大 RFI 概率（1 = 关闭）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="99" />
      <source>Lowest Chi-2 probability (0 = off)</source>
      <translation>最小 Chi-2 概率（0 = 关闭）</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="101" />
      <source>Science flag bits that remove a value</source>
      <translation>导致剔除值的科学标志位</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="103" />
      <source>Highest SMOS-IC quality flag kept</source>
      <translation>保留的最高 SMOS-IC 质量标志</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="105" />
      <source>SMOS soil moisture</source>
      <translation>SMOS 土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="110" />
      <source>SMOS .nc files</source>
      <translation>SMOS .nc 文件</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="92" />
      <source>Orbit direction</source>
      <translation>轨道方向</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="93" />
      <source>Ascending, gaps filled from descending</source>
      <translation>升轨，缺失由降轨填补</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="94" />
      <source>Ascending and descending as separate bands</source>
      <translation>升轨和降轨各为独立波段</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="95" />
      <source>Ascending only</source>
      <translation>仅升轨</translation>
    </message>
    <message>
      <location filename="../algorithms/importsmos.py" line="95" />
      <source>Descending only</source>
      <translation>仅降轨</translation>
    </message>
  </context>
  <context>
    <name>MatchProducts</name>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>Common pairs used for the fit</source>
      <translation>拟合所用的共同数据对</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>Source dates with a reference date</source>
      <translation>有对应参考日期的源日期</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>Cells with their own fit</source>
      <translation>单独拟合的像元</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>Slope of the global fit</source>
      <translation>全局拟合的斜率</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>Intercept of the global fit (m³/m³)</source>
      <translation>全局拟合的截距（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>Bias before matching (m³/m³)</source>
      <translation>匹配前偏差（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>ubRMSE before matching (m³/m³)</source>
      <translation>匹配前 ubRMSE（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>R before matching</source>
      <translation>匹配前 R</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>Bias after matching (m³/m³)</source>
      <translation>匹配后偏差（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>ubRMSE after matching (m³/m³)</source>
      <translation>匹配后 ubRMSE（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="33" />
      <source>R after matching</source>
      <translation>匹配后 R</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="46" />
      <source>Match coarse products</source>
      <translation>匹配粗分辨率产品</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="49" />
      <source>Rescales one coarse soil-moisture stack (e.g. AMSR2) to the climatology of another (e.g. SMAP) by linear regression, mean–standard-deviation matching or CDF matching over their common dates and cells, to extend a series across sensors.</source>
      <translation>在两个粗分辨率土壤水分时间序列栈的共同日期和像元上，通过线性回归、均值–标准差匹配或 CDF 匹配，将其中一个（如 AMSR2）重新缩放到另一个（如 SMAP）的气候态，以便跨传感器延长时间序列。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="55" />
      <source>Yan &amp; Bai 2020 joined AMSR-E (2002–2011) and AMSR2 (2012–2017) into one series after a regression analysis of the two products (R² 0.703); rescaling one product to another is a common step in soil-moisture work. The reference is brought onto the source grid (each source cell takes the mean of the reference cells whose centres fall in it, or the reference cell under its centre when the reference is coarser; any CRS), pairs are the cells and common dates where both have a value, a transfer function is fitted to them (one for all cells, or one per cell), and every band of the source is rescaled with it. The output keeps the source's grid and dates: the source series, on the reference's scale. The conventions are those of pytesmo's scaling functions (linreg, mean_std, lin_cdf_match).</source>
      <translation>Yan &amp; Bai 2020 对 AMSR-E（2002–2011）和 AMSR2（2012–2017）两种产品进行回归分析（R² 0.703）后，将二者合并为一个序列；将一种产品重新缩放到另一种产品是土壤水分研究中的常见步骤。参考数据被转换到源格网上（每个源像元取中心落在其中的参考像元的均值；参考数据更粗时，取其中心所在的参考像元；任意 CRS），数据对为两者均有值的像元和共同日期，在这些数据对上拟合一个传递函数（所有像元共用一个，或每个像元一个），并用它重新缩放源数据的每个波段。输出保留源数据的格网和日期：即源数据序列，但换算到参考数据的尺度上。所用约定与 pytesmo 的缩放函数（linreg、mean_std、lin_cdf_match）相同。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="71" />
      <source>the stack to rescale (m³/m³), one band per date, each band's description its ISO date (the importers and Build time stack make them).</source>
      <translation>待重新缩放的时间序列栈（m³/m³），每个日期一个波段，每个波段的描述为其 ISO 日期（由各导入算法和“构建时间序列栈”生成）。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="74" />
      <source>the stack whose climatology the source should take (m³/m³), dated bands likewise; it may have another grid, cell size and CRS, but must overlap the source. Several reference bands on one day (AM and PM) are averaged.</source>
      <translation>源数据应采用其气候态的时间序列栈（m³/m³），波段同样带日期；其格网、像元大小和 CRS 可以不同，但必须与源数据重叠。同一天的多个参考波段（AM 和 PM）取平均。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="78" />
      <source>linear regression (default): ordinary least squares of the reference on the source, matched = a × source + b; it minimises the error, so the matched values vary less than the reference when the two disagree (R below 1). Mean and standard deviation matching: a = σ(reference) / σ(source), b = mean(reference) − a × mean(source) (population standard deviations), so the matched values have the reference's mean and spread. CDF matching: the piecewise-linear function through the source's and the reference's values at the percentiles, extended linearly beyond the first and last; the matched values take the reference's distribution.</source>
      <translation>线性回归（默认）：以参考数据对源数据做普通最小二乘回归，匹配值 = a × 源 + b；它使误差最小，因此当两者不一致（R 小于 1）时，匹配值的变幅小于参考数据。均值和标准差匹配：a = σ(参考) / σ(源)，b = 均值(参考) − a × 均值(源)（总体标准差），因此匹配值具有参考数据的均值和离散程度。CDF 匹配：经过源数据与参考数据在各百分位处取值的分段线性函数，在第一个和最后一个百分位之外线性外延；匹配值具有参考数据的分布。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="88" />
      <source>one fit for all cells (default; robust with few dates), or one fit per source cell; a cell with fewer than the minimum pairs, or whose own fit is degenerate (constant source, slope ≤ 0), takes the fit for all cells, and the log counts those cells.</source>
      <translation>所有像元共用一个拟合（默认；日期较少时较稳健），或每个源像元单独拟合；数据对少于最小数目、或自身拟合退化（源数据为常数、斜率 ≤ 0）的像元采用所有像元共用的拟合，日志会统计这些像元的数量。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="93" />
      <source>pairs (same cell, common date, both valid) a fit needs; default 20 (pytesmo's minimum per CDF bin). Fewer pairs in all stops the run with the count.</source>
      <translation>一次拟合所需的数据对（同一像元、共同日期、两者均有效）数目；默认 20（pytesmo 中每个 CDF 分箱的最小值）。若数据对总数更少，运行将停止并给出该数目。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="96" />
      <source>days. Each source date is paired with the reference's nearest calendar day at most this many days away (the earlier on a tie); default 0: the same day. Times of day are ignored.</source>
      <translation>天。每个源日期与参考数据中相距不超过该天数的最近日历日配对（距离相同时取较早者）；默认 0：同一天。忽略一天中的时刻。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="100" />
      <source>CDF matching only: increasing percentiles (0–100) separated by commas; default 0,5,10,30,50,70,90,95,100 (pytesmo's lin_cdf_match). Each is computed like numpy.percentile (linear between sorted values); tied values are spread between their neighbours as pytesmo does.</source>
      <translation>仅用于 CDF 匹配：以逗号分隔的递增百分位（0–100）；默认 0,5,10,30,50,70,90,95,100（pytesmo 的 lin_cdf_match）。每个百分位的计算方式与 numpy.percentile 相同（在排序后的值之间线性插值）；与 pytesmo 一样，相同的值会被分散到其相邻值之间。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="105" />
      <source>the output is clipped to these limits, in the reference's units (default 0–0.6 m³/m³, the range of the JAXA AMSR products); the log counts the values raised and lowered.</source>
      <translation>输出被截断到这些界限内，单位与参考数据相同（默认 0–0.6 m³/m³，即 JAXA AMSR 产品的取值范围）；日志会统计被抬高和被降低的值的数量。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="109" />
      <source>the source rescaled: its grid and every one of its dates (also those without a reference date), float32, nodata −9999 where the source has no value, the reference's units; written completely or not at all.</source>
      <translation>重新缩放后的源数据：保留其格网和全部日期（包括没有对应参考日期的日期），float32，源数据无值处为无数据值 −9999，单位与参考数据相同；要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="113" />
      <source>optional CSV: one row for the fit for all cells (scope 'all cells'), then, per cell, one row per source cell with pairs (row, col, centre x and y in the source CRS, pairs, 'own' or why the global fit was used); columns slope and intercept (linear methods) or source_pP and reference_pP at each percentile P (CDF matching).</source>
      <translation>可选 CSV：一行为所有像元共用的拟合（scope 为 'all cells'）；按像元拟合时，随后每个有数据对的源像元各一行（row、col、源 CRS 中的中心 x 和 y、数据对数、'own' 或采用全局拟合的原因）；列为 slope 和 intercept（线性方法），或每个百分位 P 处的 source_pP 和 reference_pP（CDF 匹配）。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="119" />
      <source>pairs used, source dates that have a reference date, cells with their own fit (0 with one fit for all cells), the global fit's slope and intercept (empty for CDF matching), and bias (mean matched − mean reference), ubRMSE and Pearson R against the reference over the pairs, before and after matching (in-sample: on the pairs the fit was made on).</source>
      <translation>所用数据对数、有对应参考日期的源日期数、单独拟合的像元数（所有像元共用一个拟合时为 0）、全局拟合的斜率和截距（CDF 匹配时为空），以及匹配前后在数据对上相对于参考数据的偏差（匹配值均值 − 参考值均值）、ubRMSE 和 Pearson R（样本内：即在用于拟合的数据对上计算）。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="128" />
      <source>The fit uses only pairs where both products have a value, so a season one product misses does not bias it. With more than 25 million possible pairs only every k-th common date is used for the fit (the log says so). Linear regression refuses a fit whose reference falls as the source rises; mean and standard deviation or CDF matching still rescale such data.</source>
      <translation>拟合仅使用两种产品均有值的数据对，因此某一产品缺失的季节不会使拟合产生偏差。可能的数据对超过 2500 万个时，拟合只使用每第 k 个共同日期（日志会说明）。若参考数据随源数据升高而降低，线性回归会拒绝该拟合；均值和标准差匹配或 CDF 匹配仍会对此类数据进行重新缩放。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="150" />
      <source>Minimum pairs per fit</source>
      <translation>每次拟合的最少数据对数</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="152" />
      <source>Date tolerance (days)</source>
      <translation>日期容差（天）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="155" />
      <source>Percentiles for CDF matching</source>
      <translation>CDF 匹配的百分位</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="171" />
      <source>No source stack was given. Select the soil-moisture stack to rescale.</source>
      <translation>未提供源时间序列栈。请选择待重新缩放的土壤水分时间序列栈。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="173" />
      <source>No reference stack was given. Select the soil-moisture stack to match.</source>
      <translation>未提供参考时间序列栈。请选择要匹配的土壤水分时间序列栈。</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="138" />
      <source>Source stack to rescale (bands = dates)</source>
      <translation>待重新缩放的源时间序列栈（波段 = 日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="140" />
      <source>Reference stack (bands = dates)</source>
      <translation>参考时间序列栈（波段 = 日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="142" />
      <source>Matching method</source>
      <translation>匹配方法</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="148" />
      <source>Fit scope</source>
      <translation>拟合范围</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="160" />
      <source>Matched soil moisture</source>
      <translation>匹配后的土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="162" />
      <source>Fit table</source>
      <translation>拟合表</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="162" />
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="188" />
      <source>{name} matched to {ref}</source>
      <translation>{name} 匹配到 {ref}</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="143" />
      <source>Linear regression (reference on source)</source>
      <translation>线性回归（参考数据对源数据）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="144" />
      <source>Mean and standard deviation matching</source>
      <translation>均值和标准差匹配</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="145" />
      <source>CDF matching (piecewise linear through percentiles)</source>
      <translation>CDF 匹配（经过各百分位的分段线性函数）</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="149" />
      <source>One fit for all cells</source>
      <translation>所有像元共用一个拟合</translation>
    </message>
    <message>
      <location filename="../algorithms/matchproducts.py" line="149" />
      <source>One fit per cell</source>
      <translation>每个像元单独拟合</translation>
    </message>
  </context>
  <context>
    <name>Predict</name>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>Number of dates predicted</source>
      <translation>预测日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>Pixels written (all dates)</source>
      <translation>写出像元数（所有日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>Gap-filled pixels (all dates)</source>
      <translation>缺失填补像元数（所有日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>Pixels clipped to the limits (all dates)</source>
      <translation>被截断至限值的像元数（所有日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>Largest mass error, |coarse − fine mean| (m³/m³)</source>
      <translation>最大质量误差，|粗分辨率观测 − 精细均值|（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>Pixels mapped by the gap model (all dates)</source>
      <translation>由缺口模型制图的像元（全部日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>Land pixels covered (%, all dates)</source>
      <translation>已覆盖的陆地像元（%，全部日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="50" />
      <source>LightGBM models predicting through compiled code</source>
      <translation>通过编译代码预测的 LightGBM 模型数</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="60" />
      <source>Predict downscaled soil moisture</source>
      <translation>预测降尺度土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="63" />
      <source>Apply a trained model to the fine predictors for every date, correct it with the coarse residuals and fill the coarse product's gaps.</source>
      <translation>将训练好的模型逐日期应用于精细预测因子，用粗分辨率残差进行校正，并填补粗分辨率产品的缺失。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="67" />
      <source>Step 2 of a downscaling study (Nadeem et al. 2023, steps 2–4 and §5.2): the model from Train downscaling model is applied to the fine (1 km) predictors of every date, window by window. With the coarse product, the coarse residual — coarse observation minus the fine prediction aggregated onto the coarse grid (area-weighted mean) — is interpolated to the fine cells and added, so the map keeps the coarse product's values while the model supplies the detail; where the coarse product has a gap, the model fills it.</source>
      <translation>降尺度研究的第 2 步（Nadeem et al. 2023，步骤 2–4 及 §5.2）：将“训练降尺度模型”得到的模型逐窗口应用于每个日期的精细（1 km）预测因子。提供粗分辨率产品时，粗分辨率残差——粗分辨率观测值减去聚合到粗分辨率网格上（面积加权平均）的精细预测值——会被插值到精细像元上并加到预测值中，从而使结果保持粗分辨率产品的值，而由模型提供空间细节；在粗分辨率产品存在缺失之处，由模型进行填补。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="79" />
      <source>a .smdm file written by Train downscaling model.</source>
      <translation>由“训练降尺度模型”写出的 .smdm 文件。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="80" />
      <source>the fine layers the model was trained on, with the same layer names (features are matched by name; a missing or extra layer is refused and named). Time stacks give the dates to predict; static layers apply to every date. The output takes the grid of the first predictor; other layers are resampled onto it on the fly (bilinear; nearest for class codes). Categorical layers are encoded as in training; classes the model never saw get every class share 0 (counted in the log).</source>
      <translation>模型训练时所用的精细图层，图层名称须相同（特征按名称匹配；缺少或多出的图层会被拒绝并指明其名称）。时间序列栈提供待预测的日期；静态图层适用于每个日期。输出采用第一个预测因子的格网；其他图层会即时重采样到该格网上（双线性；类别代码用最近邻）。分类图层按训练时的方式编码；模型从未见过的类别，其各类别占比均为 0（计入日志）。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="88" />
      <source>the zone raster, for a model trained with one model per zone (each pixel goes to its zone's model).</source>
      <translation>分区栅格，用于按分区分别训练模型的情形（每个像元使用其所在分区的模型）。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="90" />
      <source>optional: the coarse time stack (m³/m³) for the residual correction and to know where its gaps are. Without it the output is the model's prediction.</source>
      <translation>可选：粗分辨率时间序列栈（m³/m³），用于残差校正并确定其缺失位置。若不提供，输出即为模型的预测值。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="93" />
      <source>none; bilinear (between the four coarse cell centres around a pixel); simple kriging (default, Nadeem et al. 2023; the known mean is the date's mean residual); ordinary kriging (local mean). Kriging treats each residual as a point at its coarse cell centre, with a variogram fitted to the date's residuals by weighted least squares (or pooled over all dates) and the 25 nearest coarse cells of the pixel's coarse cell; the variogram of each date is logged and written to the date report. A coarse cell's residual is used where ≥ 50 % of its fine cells have a prediction.</source>
      <translation>无；双线性（在像元周围四个粗分辨率像元中心之间插值）；简单克里金（默认，Nadeem et al. 2023；已知均值为该日期的平均残差）；普通克里金（局部均值）。克里金将每个残差视为位于其粗分辨率像元中心的点，所用变异函数通过加权最小二乘对该日期的残差拟合（或对所有日期合并拟合），并使用像元所在粗分辨率像元的 25 个最近粗分辨率像元；每个日期的变异函数会记入日志并写入日期报告。仅当粗分辨率像元中 ≥ 50 % 的精细像元有预测值时，才使用该粗分辨率像元的残差。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="102" />
      <source>default off. On: after the correction, one constant per coarse cell makes the area-weighted mean of its fine pixels equal the coarse observation exactly (to 1e-6 m³/m³, also after clipping, found by a safeguarded Newton search), so the map aggregates back to the coarse product. Impossible only where the observation itself lies outside the limits (counted in the log). What it costs: a coarse observation is the truth plus retrieval noise, and keeping it exactly puts that noise into every fine pixel of the cell (on the README's peer benchmark it took 4 points off the 1 km ubRMSE reduction at 0.01 m³/m³ noise and 38 at 0.04). Off (noise-aware): kriging adds only the spatially coherent part of the residual (the variogram's nugget, whose square root is reported as the coarse noise, is not interpolated), so the map keeps the coarse product's regional level but not each cell's noise. Either way the largest |coarse observation − fine mean| (the mass error) is logged, output and written per date. Turn it on when the map must add up to the product (e.g. to compare with it cell by cell).</source>
      <translation>默认关闭。开启时：校正之后，每个粗分辨率像元加上一个常数，使其精细像元的面积加权均值精确等于粗分辨率观测值（误差 1e-6 m³/m³ 以内，裁剪之后同样成立，由带保护的牛顿搜索求得），从而地图聚合后与粗分辨率产品一致。仅当观测值本身超出限值时无法做到（在日志中计数）。代价：粗分辨率观测值是真值加反演噪声，精确保持它会把该噪声带入该像元的每个精细像素（在 README 的同类工具基准测试中，噪声为 0.01 m³/m³ 时 1 km ubRMSE 的降幅减少 4 个百分点，噪声为 0.04 时减少 38 个百分点）。关闭时（顾及噪声）：克里金只加入残差中空间上连贯的部分（变异函数的块金不被插值，其平方根作为粗分辨率噪声报告），因此地图保持粗分辨率产品的区域水平，但不保留每个像元的噪声。无论开关，最大的 |粗分辨率观测 − 精细均值|（质量误差）都会记入日志、输出并按日期写出。当地图必须与产品逐像元相加一致时（例如与其逐像元比较）请开启。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="118" />
      <source>default on: where the coarse product has no observation the output is the model's prediction plus the interpolated residual (kriging extends the residual from the valid cells around the gap and tends to the mean residual far from them; bilinear reaches one coarse cell into a gap and uses the date's mean residual beyond). Off: those pixels are nodata. A date missing from the coarse stack is gap-filled entirely (residual 0).</source>
      <translation>默认开启：在粗分辨率产品无观测值处，输出为模型预测值加插值残差（克里金将残差从缺失区周围的有效像元向内延伸，在远离有效像元处趋于平均残差；双线性仅向缺失区内延伸一个粗分辨率像元，更远处使用该日期的平均残差）。关闭时：这些像元为无数据值。粗分辨率时间序列栈中缺少的日期将整体进行缺失填补（残差为 0）。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="125" />
      <source>physical limits, default 0–0.6 m³/m³; values outside are clipped and counted.</source>
      <translation>物理限值，默认 0–0.6 m³/m³；超出范围的值将被截断并计数。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="128" />
      <source>optional raster of cells to leave empty (water, urban…): its non-zero cells, or only the listed codes (e.g. '17,13' for a land-cover raster).</source>
      <translation>可选，指定需留空像元（水体、城市等）的栅格：取其非零像元，或仅取所列代码（例如土地覆盖栅格取 '17,13'）。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="131" />
      <source>optional comma-separated ISO dates (YYYY-MM-DD) to predict; empty = every date the dynamic predictors share. A date a stack lacks is refused.</source>
      <translation>可选，以逗号分隔的 ISO 日期（YYYY-MM-DD），指定待预测日期；留空 = 所有动态预测因子共有的日期。若某个时间序列栈缺少所指定的日期，该日期将被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="134" />
      <source>advanced: spherical (default), exponential or gaussian; fitted once to the semivariograms of all dates pooled (default: a date's few coarse cells give an unstable nugget, and a nugget fitted too small lets kriging copy the retrieval noise) or per date; the range is at least 1.5 coarse cells (shorter structure cannot be told from noise and goes to the nugget); number of nearest coarse cells in each kriging system (default 25).</source>
      <translation>高级：球状（默认）、指数或高斯模型；变异函数对所有日期合并的半变异函数拟合一次（默认：单个日期的少量粗分辨率像元给出的块金不稳定，块金拟合过小会使克里金复制反演噪声）或按日期拟合；变程至少为 1.5 个粗分辨率像元（更短的结构无法与噪声区分，归入块金）；每个克里金方程组中最近的粗分辨率像元数（默认 25）。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="141" />
      <source>0 (default) = every core; rows are predicted in chunks in parallel, with the same result for any count.</source>
      <translation>0（默认）= 使用全部核心；按行分块并行预测，任意线程数下结果均相同。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="143" />
      <source>advanced, default on: LightGBM models (partitions, gap model, date models, stacking members) predict through the same trees compiled to machine code (lleaves), 4–10× faster and equal to the learner bit for bit (checked on every load; the output is the same file). A model is compiled when the rows to predict pay for the compile (≈ 2.5 ms per leaf, e.g. 40 s for the default 500 × 31-leaf model), or whenever a compiled copy is in the cache (train's Compile option makes one ahead). Where lleaves is missing or cannot compile a model (linear trees), the learner predicts and the log says why. Off: always the learner's own code.</source>
      <translation>高级，默认开启：LightGBM 模型（分区模型、缺口模型、日期模型、堆叠成员）使用编译为机器码（lleaves）的同一组树进行预测，速度快 4–10 倍，结果与学习器逐位相同（每次加载都会检查；输出文件相同）。当待预测的行数足以抵消编译开销时（每个叶节点约 2.5 ms，例如默认 500 × 31 叶模型约 40 s），或缓存中已有编译副本时（训练的“编译”选项可提前生成）才会编译。若缺少 lleaves 或无法编译某模型（线性树），则由学习器预测，日志会说明原因。关闭：始终使用学习器自身的代码。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="153" />
      <source>advanced, default on: every date is kept, as soon as it is finished, in a hidden folder beside the output (.resume_…, about the compressed size of the finished dates). If the run stops — cancelled, killed, a reboot, a full disk — running it again with the same inputs and parameters copies those dates instead of predicting them (the log says how many) and gives the same output as an uninterrupted run. The folder is thrown away when the run succeeds, or when a rerun finds that an input file (path, size or modification time), the model, a parameter, the plugin version or the dates changed (the log says which). Off: always start over, and neither read nor write that folder.</source>
      <translation>高级，默认开启：每个日期一完成就保存在输出旁的隐藏文件夹中（.resume_…，约为已完成日期的压缩大小）。如果运行中断——取消、被终止、重启、磁盘已满——用相同的输入和参数再次运行时会复制这些日期而不是重新预测（日志会说明数量），结果与不中断的运行相同。运行成功后，或再次运行发现某个输入文件（路径、大小或修改时间）、模型、参数、插件版本或日期发生变化时（日志会说明是哪一项），该文件夹会被删除。关闭：总是从头开始，既不读取也不写入该文件夹。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="164" />
      <source>time stack (float32, m³/m³, nodata −9999, one band per date with its ISO date) on the first predictor's grid, tiled and compressed.</source>
      <translation>时间序列栈（float32，m³/m³，无数据值 −9999，每个日期一个波段并标注其 ISO 日期），位于第一个预测因子的格网上，分块存储并压缩。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="167" />
      <source>optional: per-pixel spread (m³/m³) of the ensemble — the standard deviation of the trees' predictions (random forest, extra trees) or of the base learners' predictions (stacking). It flags where the members disagree; it is not a calibrated error and ignores the coarse product's error. Other learners have no spread and are refused.</source>
      <translation>可选：集成模型的逐像元离散度（m³/m³）——即各棵树预测值（随机森林、极端随机树）或各基学习器预测值（堆叠集成）的标准差。它指示集成成员之间存在分歧的位置；它并非经过校准的误差，也未考虑粗分辨率产品本身的误差。其他学习器没有离散度，将被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="173" />
      <source>optional byte stack per date: 1 = under a coarse observation (corrected to it), 2 = coarse gap filled by the model, 3 = coarse gap left empty (gap filling off), 4 = masked, 0 = no prediction (a predictor missing); without a coarse product every predicted pixel is 2. Pixels whose cloud-prone predictors are missing (NDVI, LST under clouds) are mapped by the model's gap model (Train, on by default) and flagged as their coarse cell says; a pixel still lacks a value only where a predictor the gap model needs is missing.</source>
      <translation>可选，每个日期一个字节堆栈：1 = 位于粗分辨率观测之下（已校正到该观测），2 = 粗分辨率缺口由模型填补，3 = 粗分辨率缺口保留为空（未开启缺口填补），4 = 已掩膜，0 = 无预测（缺少某个预测因子）；没有粗分辨率产品时，每个预测像元均为 2。云易受影响的预测因子缺失的像元（云下的 NDVI、LST）由模型的缺口模型制图（Train，默认开启），并按其粗分辨率像元的情况标记；只有缺口模型所需的预测因子缺失时，像元才没有值。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="181" />
      <source>optional CSV, one row per date: pixels written, under an observation, gap-filled, clipped; coarse cells and residual mean/sd; variogram model, nugget, partial sill and range (km); largest mass error; estimated coarse noise; land pixels (every static predictor present, not masked), pixels mapped by the gap model and coverage (% of land pixels written).</source>
      <translation>可选 CSV，每个日期一行：写出的像元、位于观测之下的像元、缺口填补的像元、被截断的像元；粗分辨率像元数及残差均值/标准差；变差函数模型、块金、偏基台和变程（km）；最大质量误差；估计的粗分辨率噪声；陆地像元（所有静态预测因子齐全且未被掩膜）、由缺口模型制图的像元和覆盖率（已写出的陆地像元的 %）。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="187" />
      <source>for the next Modeler step.</source>
      <translation>供图形建模器的下一步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="191" />
      <source>Progress advances per window and date; Cancel stops between windows and leaves no partial output; the dates finished so far are kept for a rerun (see Resume).</source>
      <translation>进度按窗口和日期推进；取消会在窗口之间停止且不留下不完整的输出；已完成的日期会保留以便再次运行（见“续跑”）。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="236" />
      <source>Kriging neighbours (coarse cells)</source>
      <translation>克里金邻域数（粗分辨率像元）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="238" />
      <source>Threads (0 = every core)</source>
      <translation>线程数（0 = 使用全部核心）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="308" />
      <source>Downscaled soil moisture</source>
      <translation>降尺度土壤水分</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="200" />
      <source>Model file (.smdm)</source>
      <translation>模型文件（.smdm）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="203" />
      <source>Predictors (continuous, as in training)</source>
      <translation>预测因子（连续型，与训练时一致）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="206" />
      <source>Categorical predictors (as in training)</source>
      <translation>分类预测因子（与训练时一致）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="209" />
      <source>Zones (for a model with one model per zone)</source>
      <translation>分区（用于按分区分别建模的模型）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="211" />
      <source>Coarse soil moisture (time stack, m³/m³)</source>
      <translation>粗分辨率土壤水分（时间序列栈，m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="213" />
      <source>Residual correction</source>
      <translation>残差校正</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="217" />
      <source>Mass preserving (fine mean = coarse observation)</source>
      <translation>质量守恒（精细均值 = 粗分辨率观测值）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="220" />
      <source>Fill the coarse product's gaps</source>
      <translation>填补粗分辨率产品的缺失</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="223" />
      <source>Mask (cells to leave empty)</source>
      <translation>掩膜（留空的像元）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="225" />
      <source>Mask values (comma-separated codes; empty = any non-zero)</source>
      <translation>掩膜值（以逗号分隔的代码；留空 = 任意非零值）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="228" />
      <source>Dates to predict (YYYY-MM-DD, comma-separated; empty = all)</source>
      <translation>待预测日期（YYYY-MM-DD，以逗号分隔；留空 = 全部）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="231" />
      <source>Variogram model</source>
      <translation>变异函数模型</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="234" />
      <source>Variogram</source>
      <translation>变异函数</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="241" />
      <source>Compiled inference for LightGBM (off = the learner's own code)</source>
      <translation>LightGBM 编译推理（关闭 = 学习器自身的代码）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="249" />
      <source>Uncertainty (ensemble spread, m³/m³)</source>
      <translation>不确定性（集成离散度，m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="252" />
      <source>Quality flags</source>
      <translation>质量标志</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="254" />
      <source>Date report</source>
      <translation>日期报告</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="254" />
      <source>CSV files (*.csv)</source>
      <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="266" />
      <source>No model file was given. Choose the .smdm file written by Train downscaling model.</source>
      <translation>未提供模型文件。请选择由“训练降尺度模型”写出的 .smdm 文件。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="300" />
      <source>Mask values were given without a mask layer; they are ignored.</source>
      <translation>提供了掩膜值但未提供掩膜图层，这些值将被忽略。</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="311" />
      <source>Uncertainty (ensemble spread)</source>
      <translation>不确定性（集成离散度）</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="201" />
      <source>Model files (*.smdm);;All files (*)</source>
      <translation>模型文件 (*.smdm);;所有文件 (*)</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="214" />
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="214" />
      <source>Bilinear</source>
      <translation>双线性</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="214" />
      <source>Simple kriging</source>
      <translation>简单克里金</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="214" />
      <source>Ordinary kriging</source>
      <translation>普通克里金</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="232" />
      <source>Spherical</source>
      <translation>球状</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="232" />
      <source>Exponential</source>
      <translation>指数</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="232" />
      <source>Gaussian</source>
      <translation>高斯</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="235" />
      <source>Fitted per date</source>
      <translation>逐日期拟合</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="235" />
      <source>Pooled over all dates</source>
      <translation>所有日期合并</translation>
    </message>
    <message>
      <location filename="../algorithms/predict.py" line="335" />
      <source>Mask value '{value}' is not a number; list class codes separated by commas, e.g. 17,13.</source>
      <translation>掩膜值 '{value}' 不是数字；请列出以逗号分隔的类别代码，例如 17,13。</translation>
    </message>
  </context>
  <context>
    <name>Resample</name>
    <message>
      <location filename="../algorithms/resample.py" line="25" />
      <source>Resample to fine grid</source>
      <translation>重采样到精细网格</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="28" />
      <source>Coarse raster or time stack → the fine grid of a reference layer (nearest or bilinear; nodata never blended in).</source>
      <translation>将粗分辨率栅格或时间序列栈重采样到参考图层的精细网格（最近邻或双线性；绝不混入无数据值）。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="32" />
      <source>Brings a coarse raster or time stack (the 36 km SMAP product, its residuals) onto the grid of a fine reference layer (a 1 km predictor), e.g. to compare the coarse product with a downscaled map cell by cell, as Yan &amp; Bai 2020 (Table 5) do, or to spread coarse values such as residuals smoothly over the fine grid (bilinear, as in the residual step of Nadeem et al. 2023). Input and reference may be in any CRSs.</source>
      <translation>将粗分辨率栅格或时间序列栈（36 km SMAP 产品及其残差）重采样到精细参考图层（1 km 预测因子）的网格上，例如像 Yan &amp; Bai 2020（表 5）那样逐像元比较粗分辨率产品与降尺度结果图，或将残差等粗分辨率值平滑地分布到精细网格上（双线性，如 Nadeem et al. 2023 的残差步骤）。输入和参考图层可以采用任意 CRS。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="43" />
      <source>the coarse raster or time stack. Every band is resampled and keeps its description, so a stack keeps its dates. Its nodata cells are missing. A raster without a CRS is refused.</source>
      <translation>粗分辨率栅格或时间序列栈。每个波段都会被重采样并保留其描述，因此时间序列栈会保留其日期。其无数据值像元视为缺失。没有 CRS 的栅格将被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="47" />
      <source>the fine layer whose grid (CRS, cell size, extent) the output takes; its values are not used. Fine cells outside the input are nodata. For fine → coarse use Aggregate to coarse grid instead.</source>
      <translation>精细图层，输出采用其网格（CRS、像元大小、范围）；不使用其值。输入范围之外的精细像元为无数据值。从精细到粗分辨率请改用“聚合到粗分辨率网格”。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="51" />
      <source>nearest neighbour (default): each fine cell takes the value of the coarse cell holding its centre, so a coarse cell is reproduced over all fine cells inside it (the rule Aggregate uses, so aggregating the result back gives the input on nested grids); bilinear: interpolation between the four coarse cell centres around the fine cell centre.</source>
      <translation>最近邻（默认）：每个精细像元取其中心所在粗分辨率像元的值，因此一个粗分辨率像元的值会复制到其内部所有精细像元（与“聚合”所用规则相同，因此在嵌套网格上将结果再聚合回去即得到输入）；双线性：在精细像元中心周围四个粗分辨率像元中心之间插值。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="57" />
      <source>GeoTIFF on the reference grid, one band per input band with the input's band descriptions (dates), in the input's units, float32, nodata −9999, DEFLATE-compressed, 256×256 tiles; written completely or not at all.</source>
      <translation>参考网格上的 GeoTIFF，每个输入波段对应一个波段并沿用输入的波段描述（日期），单位与输入相同，float32，无数据值 −9999，DEFLATE 压缩，256×256 分块；要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="66" />
      <source>Positions: each fine cell centre is transformed into the input's grid, by affine arithmetic when the CRSs are equal; between CRSs exactly on a lattice every 32 cells and interpolated in between to within 1/10 000 of an input cell (3.6 m for 36 km cells), and exactly wherever a centre lies that close to an input cell edge, so the holding cell is always the right one.</source>
      <translation>位置计算：将每个精细像元中心变换到输入网格中；CRS 相同时采用仿射运算；CRS 不同时，在每隔 32 个像元的格网点上精确变换，其间插值，误差在输入像元的 1/10 000 以内（36 km 像元为 3.6 m），凡中心与输入像元边界距离在此范围内之处均精确变换，因此所在像元总能判定正确。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="71" />
      <source>Nodata is never blended into values: a fine cell whose centre lies in a missing coarse cell (or outside the input) is nodata, with either method. Bilinear uses only the valid ones of the four neighbours and renormalises their weights to sum to 1, so next to a gap or the input's edge it leans on the valid cells and never mixes in the fill value.</source>
      <translation>无数据值绝不会混入数值：中心落在缺失粗分辨率像元内（或输入范围之外）的精细像元为无数据值，两种方法均如此。双线性方法只使用四个相邻像元中的有效像元，并将其权重重新归一化使之和为 1，因此在缺口或输入边缘附近依赖有效像元，绝不会混入填充值。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="76" />
      <source>The output is processed in windows of 512×512 cells, so rasters larger than memory work; Cancel stops at the next window and leaves no output.</source>
      <translation>输出按 512×512 像元的窗口分块处理，因此可处理超出内存容量的栅格；“取消”会在下一个窗口处停止，且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="83" />
      <source>Input raster or time stack (coarse)</source>
      <translation>输入栅格或时间序列栈（粗分辨率）</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="85" />
      <source>Reference layer (fine grid; values not used)</source>
      <translation>参考图层（精细网格；不使用其值）</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="87" />
      <source>Method</source>
      <translation>方法</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="91" />
      <source>Resampled</source>
      <translation>重采样结果</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="106" />
      <source>{name} ({method}, {n} band(s))</source>
      <translation>{name}（{method}，{n} 个波段）</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="88" />
      <source>Nearest neighbour</source>
      <translation>最近邻</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="88" />
      <source>Bilinear (nodata-aware)</source>
      <translation>双线性（识别无数据值）</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="96" />
      <source>No {label} layer was given. Select a raster.</source>
      <translation>未指定{label}图层。请选择一个栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="98" />
      <source>input</source>
      <translation>输入</translation>
    </message>
    <message>
      <location filename="../algorithms/resample.py" line="99" />
      <source>reference</source>
      <translation>参考</translation>
    </message>
  </context>
  <context>
    <name>Sentinel1Composite</name>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="39" />
      <source>Number of dates</source>
      <translation>日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="39" />
      <source>Number of acquisitions used</source>
      <translation>所用获取次数</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="43" />
      <source>Sentinel-1 sliding composites</source>
      <translation>Sentinel-1 滑动合成</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="46" />
      <source>Terrain-corrected Sentinel-1 σ⁰ VV/VH GeoTIFFs (one per acquisition) → daily VV and VH stacks, each date the mean of the acquisitions within ±6 days, averaged in linear power.</source>
      <translation>经地形校正的 Sentinel-1 σ⁰ VV/VH GeoTIFF（每次获取一个）→ 逐日 VV 和 VH 时间序列栈，每个日期的值为 ±6 天内各次获取的均值，在线性功率下求平均。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="51" />
      <source>As Xu et al. 2024 did for their VV and VH predictors, makes daily radar data from Sentinel-1 by a sliding window: each date's value is the mean of all acquisitions within N days before and after it (default 6), of ascending IW passes by default. The mean is taken in linear power and written in dB (default) or linear power. The inputs are σ⁰ GeoTIFFs as common processors write them (terrain-corrected GRD: SNAP exports keeping the ESA product name, ASF HyP3 RTC, S1Tiling, or any name through a pattern), one file per acquisition and polarisation; the acquisition time, polarisation, relative orbit and orbit direction are read from the names and GeoTIFF tags. The log says which rule decided the date, direction and scale of how many files.</source>
      <translation>与 Xu et al. 2024 为其 VV 和 VH 预测因子所做的一样，通过滑动窗口由 Sentinel-1 生成逐日雷达数据：每个日期的值为其前后 N 天（默认 6）内所有获取的均值，默认仅使用升轨 IW 过境。均值在线性功率下计算，并以 dB（默认）或线性功率写出。输入为常用处理软件写出的 σ⁰ GeoTIFF（经地形校正的 GRD：保留 ESA 产品名的 SNAP 导出文件、ASF HyP3 RTC、S1Tiling，或通过模式匹配的任意名称），每次获取的每种极化一个文件；获取时间、极化方式、相对轨道和轨道方向从文件名和 GeoTIFF 标签中读取。日志会说明有多少个文件的日期、方向和尺度分别由哪条规则确定。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="66" />
      <source>the σ⁰ GeoTIFFs or folders holding them (searched at any depth for .tif files whose names carry VV or VH, so HyP3 product folders can be given whole: their _ls_map, _dem and _area files are passed over). Names recognised: ESA product names with a processor's suffix (S1A_IW_GRDH_1SDV_20190401T102030_20190401T102055_026584_02FA1B_ABCD_Orb_Cal_TC_VV.tif; SNAP's Sigma0_VV_db means dB; the absolute orbit gives the relative orbit), HyP3 RTC (S1A_IW_20190401T102030_DVP_RTC30_G_gpuned_FD6A_VV.tif; its 'p', 'd' or 'a' says power, dB or amplitude), S1Tiling (s1a_50TMK_vv_ASC_142_20190401t102030.tif), or any name with a date (then the time, direction and orbit come from the tags ACQUISITION_DATETIME, ORBIT_DIRECTION / PASS, RELATIVE_ORBIT_NUMBER or the file name pattern). A file with several bands needs band descriptions naming VV or VH (GEE exports: VV, VH; other bands such as angle are skipped). Files must be terrain-corrected (a map grid) and float; HH/HV files are refused.</source>
      <translation>σ⁰ GeoTIFF 或包含它们的文件夹（在任意深度下搜索名称中含 VV 或 VH 的 .tif 文件，因此可直接给出整个 HyP3 产品文件夹：其中的 _ls_map、_dem 和 _area 文件会被跳过）。可识别的名称：带处理软件后缀的 ESA 产品名（S1A_IW_GRDH_1SDV_20190401T102030_20190401T102055_026584_02FA1B_ABCD_Orb_Cal_TC_VV.tif；SNAP 的 Sigma0_VV_db 表示 dB；由绝对轨道号推算相对轨道），HyP3 RTC（S1A_IW_20190401T102030_DVP_RTC30_G_gpuned_FD6A_VV.tif；其中的 'p'、'd' 或 'a' 分别表示功率、dB 或振幅），S1Tiling（s1a_50TMK_vv_ASC_142_20190401t102030.tif），或任何含日期的名称（此时时间、方向和轨道取自标签 ACQUISITION_DATETIME、ORBIT_DIRECTION / PASS、RELATIVE_ORBIT_NUMBER 或文件名模式）。含多个波段的文件需要以 VV 或 VH 命名的波段描述（GEE 导出：VV、VH；angle 等其他波段会被跳过）。文件必须经过地形校正（地图格网）且为浮点型；HH/HV 文件会被拒绝。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="81" />
      <source>optional, for other exports (GEE, own scripts): the file name with placeholders {date} (required; 20190401, 2019-04-01 or 2019_04_01), {time} (102030), {pol} (VV, VH), {direction} (ASC, DESC, A, D) and {orbit} (relative orbit), and wildcards * and ?, e.g. S1_{pol}_{date}_{direction}_*; found anywhere in the name, any case. (A Python regular expression with groups of those names also works.) It is tried before the built-in names.</source>
      <translation>可选，用于其他导出方式（GEE、自编脚本）：含占位符 {date}（必需；20190401、2019-04-01 或 2019_04_01）、{time}（102030）、{pol}（VV、VH）、{direction}（ASC、DESC、A、D）和 {orbit}（相对轨道）以及通配符 * 和 ? 的文件名，例如 S1_{pol}_{date}_{direction}_*；可出现在名称中的任意位置，不区分大小写。（也可使用以这些名称命名分组的 Python 正则表达式。）它会先于内置名称规则进行尝试。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="88" />
      <source>automatic (default): the name's scale (HyP3, _db), else the values: a median from −50 to 0 means dB, above 0 and below 1 linear power, anything else is refused with the file named. dB or linear power: every file is taken as that.</source>
      <translation>自动（默认）：采用名称所示的尺度（HyP3、_db），否则根据数值判断：中位数在 −50 到 0 之间表示 dB，大于 0 且小于 1 表示线性功率，其他情况将被拒绝并指明该文件。dB 或线性功率：所有文件均按该尺度处理。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="92" />
      <source>ascending passes only (default, as Xu et al. 2024), descending only, or both. Where neither name nor tag gives the direction, the time does: Sentinel-1 crosses a place near 18:00 local solar time going north (ascending) and near 06:00 going south, and local solar time = UTC + longitude / 15 h at the scene centre (12–24 h ascending).</source>
      <translation>仅升轨过境（默认，与 Xu et al. 2024 相同）、仅降轨，或两者兼用。若名称和标签均未给出方向，则由时间确定：Sentinel-1 在当地太阳时 18:00 左右向北（升轨）、06:00 左右向南经过某地，且景中心处的当地太阳时 = UTC + 经度 / 15 h（12–24 h 为升轨）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="98" />
      <source>optional: the relative orbits (tracks, 1–175) to keep, comma-separated (142, 69); empty keeps all. Needs names or tags that carry the orbit (HyP3 names do not).</source>
      <translation>可选：要保留的相对轨道（轨道号，1–175），以逗号分隔（142, 69）；留空则全部保留。需要名称或标签中带有轨道信息（HyP3 名称不带）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="102" />
      <source>days before and after a date whose acquisitions are averaged, on UTC calendar days, both ends included (default 6: Xu et al. 2024's window of 6 days either side). 0 keeps only acquisitions on the date itself.</source>
      <translation>对某日期前后各多少天内的获取求平均，按 UTC 日历日计，含两端（默认 6：即 Xu et al. 2024 所用的每侧 6 天窗口）。0 表示只保留该日期当天的获取。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="106" />
      <source>optional: a stack whose band dates become the output dates, typically the coarse soil-moisture stack (only its band descriptions are read).</source>
      <translation>可选：一个时间序列栈，其波段日期作为输出日期，通常为粗分辨率土壤水分时间序列栈（只读取其波段描述）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="109" />
      <source>optional, instead: ISO dates separated by commas, or start/end for every day (2019-04-01/2019-10-31). Neither given: every day from the first to the last acquisition kept.</source>
      <translation>可选，作为替代：以逗号分隔的 ISO 日期，或以 start/end 表示其间的每一天（2019-04-01/2019-10-31）。两者均未给出时：从保留的第一次获取到最后一次获取之间的每一天。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="113" />
      <source>optional but usual: a raster whose grid the outputs take (the 1 km study grid, any CRS); each target cell takes, per acquisition, the mean linear power of the σ⁰ cells whose centres fall in it, then the mean over the window's acquisitions. Empty: the files' own grid, which they must then share.</source>
      <translation>可选但常用：输出所采用格网的栅格（1 km 研究格网，任意 CRS）；每个目标像元先按每次获取取中心落在其中的 σ⁰ 像元的线性功率均值，再对窗口内各次获取求平均。留空：使用文件自身的格网，此时所有文件必须共用同一格网。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="118" />
      <source>dB (default, 10·log10 of the mean linear power) or linear power; declared as the bands' unit.</source>
      <translation>dB（默认，平均线性功率的 10·log10）或线性功率；并声明为波段的单位。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="120" />
      <source>the composites, one band per date described by its ISO date, float32, nodata −9999, unit dB or linear power; band metadata acquisition_count and acquisitions list the passes in each date's window. A date without any acquisition in its window is nodata throughout (the log counts them). Leave one empty to skip it; written completely or not at all.</source>
      <translation>合成结果，每个日期一个波段，波段描述为其 ISO 日期，float32，无数据值 −9999，单位为 dB 或线性功率；波段元数据 acquisition_count 和 acquisitions 列出每个日期窗口内的过境。窗口内没有任何获取的日期全部为无数据值（日志会统计其数量）。将某一输出留空即跳过该输出；要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="126" />
      <source>optional: per date and cell the number of acquisitions averaged (of VV; of VH when VV is skipped), int16; 0 where none covered the cell.</source>
      <translation>可选：每个日期和像元参与平均的获取次数（VV 的；跳过 VV 时为 VH 的），int16；没有任何获取覆盖该像元时为 0。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="129" />
      <source>the number of dates, the number of acquisitions (passes) used in at least one window and the comma-separated dates, for later Modeler steps.</source>
      <translation>日期数、至少在一个窗口中使用的获取（过境）次数，以及逗号分隔的日期，供图形建模器的后续步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="137" />
      <source>No data: the file's nodata and NaN; in linear power also 0 and below; in dB also −100 dB and below (undeclared fills). Only acquisitions with a value at a cell count there.</source>
      <translation>无数据：文件的无数据值和 NaN；线性功率下还包括 0 及以下的值；dB 下还包括 −100 dB 及以下的值（未声明的填充值）。只有在某像元处有值的获取才计入该像元。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="140" />
      <source>The slices of one pass (same satellite, day and direction, start times within 10 minutes) and its VV and VH files form one acquisition: where slices overlap their mean is used, so each pass counts once. HyP3 γ⁰ and σ⁰ products are not mixed (refused).</source>
      <translation>同一次过境的各切片（同一卫星、同一天、同一方向，起始时间相差不超过 10 分钟）及其 VV 和 VH 文件构成一次获取：切片重叠处取其均值，因此每次过境只计一次。HyP3 的 γ⁰ 与 σ⁰ 产品不能混用（会被拒绝）。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="144" />
      <source>Work is done window by window of the output grid, each acquisition read once per window and kept only while a date's window needs it; Cancel stops at the next window and leaves no output.</source>
      <translation>在输出格网上逐窗口处理，每次获取在每个窗口中只读取一次，且仅在某日期的时间窗口需要时保留；“取消”会在下一个窗口停止且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="167" />
      <source>Days before and after each date (window half-width)</source>
      <translation>每个日期前后的天数（窗口半宽）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="223" />
      <source>Sentinel-1 VV ({n} dates)</source>
      <translation>Sentinel-1 VV（{n} 个日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="224" />
      <source>Sentinel-1 VH ({n} dates)</source>
      <translation>Sentinel-1 VH（{n} 个日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="225" />
      <source>Sentinel-1 acquisitions per date ({n} dates)</source>
      <translation>Sentinel-1 每个日期的获取次数（{n} 个日期）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="152" />
      <source>Sentinel-1 σ⁰ GeoTIFFs (VV and VH; files or folders)</source>
      <translation>Sentinel-1 σ⁰ GeoTIFF（VV 和 VH；文件或文件夹）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="155" />
      <source>File name pattern (e.g. S1_{pol}_{date}; empty = known names)</source>
      <translation>文件名模式（例如 S1_{pol}_{date}；留空 = 已知名称）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="158" />
      <source>Scale of the inputs</source>
      <translation>输入的尺度</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="162" />
      <source>Orbit direction</source>
      <translation>轨道方向</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="165" />
      <source>Relative orbits to keep (comma-separated; empty = all)</source>
      <translation>要保留的相对轨道（逗号分隔；留空 = 全部）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="171" />
      <source>Take the dates from this stack (e.g. the coarse product)</source>
      <translation>从此时间序列栈获取日期（例如粗分辨率产品）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="174" />
      <source>Dates (YYYY-MM-DD, comma-separated, or start/end; instead of a stack)</source>
      <translation>日期（YYYY-MM-DD，逗号分隔，或 start/end；代替时间序列栈）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="177" />
      <source>Target grid (empty = the files' own grid)</source>
      <translation>目标格网（留空 = 文件自身的格网）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="179" />
      <source>Output scale</source>
      <translation>输出尺度</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="183" />
      <source>VV composites</source>
      <translation>VV 合成</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="185" />
      <source>VH composites</source>
      <translation>VH 合成</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="187" />
      <source>Acquisitions per date and cell</source>
      <translation>每个日期和像元的获取次数</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="190" />
      <source>Dates (comma-separated)</source>
      <translation>日期（逗号分隔）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="199" />
      <source>No Sentinel-1 file was given. Select σ⁰ GeoTIFFs (VV and VH, one per acquisition) or folders holding them.</source>
      <translation>未提供 Sentinel-1 文件。请选择 σ⁰ GeoTIFF（VV 和 VH，每次获取一个）或包含它们的文件夹。</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="159" />
      <source>Automatic (name, else values)</source>
      <translation>自动（依据名称，否则依据数值）</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="159" />
      <source>dB</source>
      <translation>dB</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="159" />
      <source>Linear power</source>
      <translation>线性功率</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="163" />
      <source>Ascending</source>
      <translation>升轨</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="163" />
      <source>Descending</source>
      <translation>降轨</translation>
    </message>
    <message>
      <location filename="../algorithms/sentinel1composite.py" line="163" />
      <source>Both</source>
      <translation>两者</translation>
    </message>
  </context>
  <context>
    <name>StationLayer</name>
    <message>
      <location filename="../algorithms/station_layer.py" line="219" />
      <source>observed value</source>
      <translation>观测值</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="329" />
      <source>no geometry or position</source>
      <translation>无几何或位置</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="329" />
      <source>no station id</source>
      <translation>无站点 ID</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="330" />
      <source>no value</source>
      <translation>无观测值</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="330" />
      <source>no date</source>
      <translation>无日期</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="46" />
      <source>Station observations (points, or a table with x/y fields)</source>
      <translation>站点观测（点图层，或带 x/y 字段的表格）</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="49" />
      <source>Station id field (empty = one station per position)</source>
      <translation>站点 ID 字段（留空 = 每个位置为一个站点）</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="51" />
      <source>Observed soil moisture field (m³/m³)</source>
      <translation>观测土壤水分字段（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="52" />
      <source>Date or date-time field (UTC)</source>
      <translation>日期或日期时间字段（UTC）</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="55" />
      <source>X / longitude field (table without geometry)</source>
      <translation>X / 经度字段（不含几何的表格）</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="56" />
      <source>Y / latitude field (table without geometry)</source>
      <translation>Y / 纬度字段（不含几何的表格）</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="61" />
      <source>CRS of the x/y fields</source>
      <translation>x/y 字段的 CRS</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="84" />
      <source>No value field was given. Choose the field with the observed soil moisture (m³/m³).</source>
      <translation>未提供观测值字段。请选择包含观测土壤水分（m³/m³）的字段。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="197" />
      <source>The station layer has no coordinate reference system. Set its CRS (Layer Properties ▸ Source) and run again.</source>
      <translation>站点图层没有坐标参考系。请设置其 CRS（图层属性 ▸ 源），然后重新运行。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="213" />
      <source>No station layer was given. Choose a point layer with one feature per observation.</source>
      <translation>未提供站点图层。请选择每次观测对应一个要素的点图层。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="218" />
      <source>station id</source>
      <translation>站点 ID</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="221" />
      <source>date</source>
      <translation>日期</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="223" />
      <source>group</source>
      <translation>分组</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="225" />
      <source>x coordinate</source>
      <translation>x 坐标</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="226" />
      <source>y coordinate</source>
      <translation>y 坐标</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="234" />
      <source>The station layer has no features. Choose a point layer with one feature per observation.</source>
      <translation>站点图层中没有要素。请选择每次观测对应一个要素的点图层。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="255" />
      <source>None of the station features can be used (no geometry, station id, value or date). Check the chosen fields.</source>
      <translation>所有站点要素均不可用（缺少几何、站点 ID、观测值或日期）。请检查所选字段。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="54" />
      <source>Group field (e.g. network scale, land cover)</source>
      <translation>分组字段（例如站网尺度、土地覆盖）</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="93" />
      <source>The station layer has point geometry: its positions are used, and the x/y fields are ignored.</source>
      <translation>站点图层具有点几何：将使用其位置，并忽略 x/y 字段。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="229" />
      <source>No CRS was given for the x/y fields of the station table. Choose it (XY_CRS; EPSG:4326 for longitude and latitude in degrees).</source>
      <translation>未为站点表格的 x/y 字段指定 CRS。请选择该 CRS（XY_CRS；以度为单位的经度和纬度请选 EPSG:4326）。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="244" />
      <source>Cancelled by the user.</source>
      <translation>已被用户取消。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="109" />
      <source>The station layer has no field '{name}' for the {what}. Its fields are: {fields}.</source>
      <translation>站点图层中没有用于{what}的字段 '{name}'。该图层的字段为：{fields}。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="114" />
      <source>The {what} field '{name}' is not numeric (it holds {type}). Choose a numeric field, or convert it with the Field calculator (to_real("{name}")).</source>
      <translation>{what}字段 '{name}' 不是数值型（其类型为 {type}）。请选择数值型字段，或使用字段计算器进行转换（to_real("{name}")）。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="119" />
      <source>The {what} field '{name}' holds {type}; it must be a date, a date-time or text like YYYY-MM-DD.</source>
      <translation>{what}字段 '{name}' 的类型为 {type}；它必须是日期、日期时间，或形如 YYYY-MM-DD 的文本。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="145" />
      <source>Feature {fid}: '{text}' in the date field '{name}' is not a date. Dates must read YYYY-MM-DD (or YYYY-MM-DDTHH:MM).</source>
      <translation>要素 {fid}：日期字段 '{name}' 中的 '{text}' 不是日期。日期格式必须为 YYYY-MM-DD（或 YYYY-MM-DDTHH:MM）。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="176" />
      <source>The station layer '{name}' has no geometry (a table, e.g. a CSV without coordinates). Give its x and y fields (X_FIELD, Y_FIELD) and their CRS, or load it as a delimited-text point layer.</source>
      <translation>站点图层 '{name}' 不含几何（为表格，例如不含坐标的 CSV）。请指定其 x 和 y 字段（X_FIELD、Y_FIELD）及其 CRS，或将其作为分隔文本点图层加载。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="181" />
      <source>The station layer '{name}' holds {kind}, not points. Choose a point layer, or a table with x and y fields.</source>
      <translation>站点图层 '{name}' 的几何类型为 {kind}，而不是点。请选择点图层，或带 x 和 y 字段的表格。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="315" />
      <source>The {what} field '{name}' is not numeric: feature {fid} holds '{text}'. Choose a numeric field, or a text field holding numbers like 0.25.</source>
      <translation>{what}字段 '{name}' 不是数值型：要素 {fid} 的值为 '{text}'。请选择数值型字段，或包含 0.25 这类数字的文本字段。</translation>
    </message>
    <message>
      <location filename="../algorithms/station_layer.py" line="333" />
      <source>{n} feature(s) skipped: {why}.</source>
      <translation>已跳过 {n} 个要素：{why}。</translation>
    </message>
  </context>
  <context>
    <name>Terrain</name>
    <message>
      <location filename="../algorithms/terrain.py" line="21" />
      <source>Slope and aspect</source>
      <translation>坡度与坡向</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="24" />
      <source>DEM → slope and aspect in degrees; correct in geographic CRSs.</source>
      <translation>DEM → 坡度和坡向（单位为度）；在地理坐标系中同样正确。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="27" />
      <source>Computes the slope and aspect of a DEM, the terrain predictors of SMAP downscaling (from SRTM in Nadeem et al. 2023, Remote Sensing 15:812; also Chen et al. 2023, Yan &amp; Bai 2020, Cai et al. 2022), with Horn's 3×3 method as gdaldem does (Horn, B. K. P. 1981, Hill shading and the reflectance map, Proc. IEEE 69(1):14–47). In a projected CRS (UTM…) the cell size is the CRS's unit converted to metres (US feet work) and the result matches gdaldem slope/aspect. In a geographic CRS (WGS 84 degrees, e.g. SRTM) the cell size in metres is computed for every row on the WGS 84 ellipsoid (east–west Δλ·N(φ)·cos φ, north–south Δφ·M(φ)), so slopes are right at every latitude; no scale trick (gdaldem -s 111120) is needed.</source>
      <translation>计算 DEM 的坡度和坡向，即 SMAP 降尺度中的地形预测因子（Nadeem et al. 2023, Remote Sensing 15:812 中基于 SRTM 计算；另见 Chen et al. 2023、Yan &amp; Bai 2020、Cai et al. 2022），采用与 gdaldem 相同的 Horn 3×3 方法（Horn, B. K. P. 1981, Hill shading and the reflectance map, Proc. IEEE 69(1):14–47）。在投影坐标系（UTM 等）中，像元大小由坐标系单位换算为米（支持美国测量英尺），结果与 gdaldem slope/aspect 一致。在地理坐标系（WGS 84 经纬度，如 SRTM）中，以米为单位的像元大小在 WGS 84 椭球上逐行计算（东西向 Δλ·N(φ)·cos φ，南北向 Δφ·M(φ)），因此在任何纬度上坡度都正确；无需使用比例换算技巧（gdaldem -s 111120）。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="42" />
      <source>elevation raster in any CRS (a DEM without a CRS is refused), north-up, at least 2×2 cells; elevations in metres or see Z factor.</source>
      <translation>任意坐标系下的高程栅格（没有坐标系的 DEM 会被拒绝），北向朝上，至少 2×2 个像元；高程单位为米，否则请参见 Z 因子。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="44" />
      <source>the band holding elevations. Default 1.</source>
      <translation>存放高程值的波段。默认 1。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="45" />
      <source>advanced: multiplies elevations to make them metres: 1 (default) for metres, 0.3048 for feet. Horizontal units are converted automatically.</source>
      <translation>高级：将高程值乘以该系数以换算为米：米为 1（默认），英尺为 0.3048。水平单位会自动换算。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="48" />
      <source>degrees from horizontal, 0–90. Optional.</source>
      <translation>相对于水平面的角度（度），0–90。可选。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="49" />
      <source>degrees clockwise from north, the direction the slope faces: 0 north, 90 east, 180 south, 270 west. Flat cells (no gradient at all) get −1, not nodata (gdaldem's default) and not 0 (north), so flat plains and lakes do not become holes in predictors; their slope is 0. Optional.</source>
      <translation>自北顺时针的角度（度），即坡面朝向：0 为北，90 为东，180 为南，270 为西。平坦像元（完全没有梯度）取 −1，而不是无数据值（gdaldem 的默认做法），也不是 0（北），这样平原和湖泊不会在预测因子中形成空洞；其坡度为 0。可选。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="59" />
      <source>Outputs: at least one must be given a file. GeoTIFF on the DEM's grid, float32, nodata −9999, DEFLATE-compressed, 256×256 tiles; written completely or not at all.</source>
      <translation>输出：至少须为其中一项指定文件。DEM 网格上的 GeoTIFF，float32，无数据值 −9999，DEFLATE 压缩，256×256 分块；要么完整写出，要么完全不写出。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="62" />
      <source>Nodata: DEM nodata cells and every cell with a nodata neighbour are nodata. Edges are computed, not left nodata: the row or column outside the DEM is extrapolated linearly, as gdaldem -compute_edges does.</source>
      <translation>无数据值：DEM 的无数据像元，以及任何相邻像元为无数据值的像元，均为无数据值。边缘会被计算，而不是留作无数据值：DEM 外侧的行或列按线性外推，与 gdaldem -compute_edges 的做法相同。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="65" />
      <source>Projected CRSs: aspect is relative to grid north, like gdaldem (it differs from true north by the meridian convergence, at most a few degrees in UTM). A CRS that is not true to scale at the DEM (EASE-Grid 2.0, Web Mercator away from the equator) distorts slopes; the log warns by how much — reproject such a DEM to its UTM zone or to WGS 84 first.</source>
      <translation>投影坐标系：坡向相对于格网北，与 gdaldem 相同（与真北相差子午线收敛角，在 UTM 中至多几度）。若坐标系在 DEM 所在位置不保持真实比例（EASE-Grid 2.0、远离赤道的 Web Mercator），会使坡度失真；日志会提示失真程度——请先将此类 DEM 重投影到其所在的 UTM 带或 WGS 84。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="70" />
      <source>Processing is done in windows of 512×512 cells with a 1-cell halo, so DEMs larger than memory work; Cancel stops at the next window and leaves no output.</source>
      <translation>以 512×512 像元的窗口（带 1 像元缓冲边）进行处理，因此可处理大于内存的 DEM；“取消”会在下一个窗口处停止，且不留下任何输出。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="79" />
      <source>Elevation band</source>
      <translation>高程波段</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="80" />
      <source>Z factor (elevation units → metres)</source>
      <translation>Z 因子（高程单位 → 米）</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="92" />
      <source>No DEM was given. Select an elevation raster.</source>
      <translation>未提供 DEM。请选择高程栅格。</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="101" />
      <source>Slope (°)</source>
      <translation>坡度（°）</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="101" />
      <source>Aspect (°)</source>
      <translation>坡向（°）</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="77" />
      <source>DEM</source>
      <translation>数字高程模型（DEM）</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="84" />
      <source>Slope (degrees)</source>
      <translation>坡度（度）</translation>
    </message>
    <message>
      <location filename="../algorithms/terrain.py" line="86" />
      <source>Aspect (degrees clockwise from north; flat = −1)</source>
      <translation>坡向（自北顺时针度数；平地 = −1）</translation>
    </message>
  </context>
  <context>
    <name>Train</name>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>Test R</source>
      <translation>测试集 R</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>Test RMSE (m³/m³)</source>
      <translation>测试集 RMSE（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>Test ubRMSE (m³/m³)</source>
      <translation>测试集 ubRMSE（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>Test bias (m³/m³)</source>
      <translation>测试集偏差（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>Test MAE (m³/m³)</source>
      <translation>测试集 MAE（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>Number of training samples</source>
      <translation>训练样本数</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>Number of dates used</source>
      <translation>使用的日期数</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="72" />
      <source>LightGBM models compiled into the cache</source>
      <translation>编译进缓存的 LightGBM 模型数</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="79" />
      <source>Train downscaling model</source>
      <translation>训练降尺度模型</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="82" />
      <source>Learn coarse soil moisture from predictors aggregated to the coarse grid (random forest, boosting, MLP, SVR, KNN, stacking…).</source>
      <translation>利用聚合到粗分辨率网格的预测因子学习粗分辨率土壤水分（随机森林、梯度提升、MLP、SVR、KNN、堆叠集成……）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="86" />
      <source>Step 1 of every downscaling study: for each date of the coarse soil-moisture stack (SMAP 36/9 km, AMSR2, SMOS), the fine predictors are aggregated onto the coarse grid and a machine-learning model learns soil moisture from them. Predict downscaled soil moisture then applies the model to the 1 km predictors. Methods: Nadeem et al. 2023 (RF/MLP, 70/15/15 split, ≥ 90 % coverage, %IncMSE), Yan &amp; Bai 2020 (seasonal models, RF/SVR/KNN), Xu et al. 2024 (stacking of XGBoost/LightGBM/CatBoost, terrain zones, DOY, SHAP), Chen et al. 2023 (GA-optimised BP network; lon/lat, day sequence and AM/PM features; grid search with 20-fold CV), Cai et al. 2022 (deep belief network).</source>
      <translation>每项降尺度研究的第 1 步：对粗分辨率土壤水分时间序列栈（SMAP 36/9 km、AMSR2、SMOS）的每个日期，将精细预测因子聚合到粗分辨率网格上，并由机器学习模型从中学习土壤水分。随后“预测降尺度土壤水分”将该模型应用于 1 km 预测因子。方法：Nadeem et al. 2023（RF/MLP，70/15/15 划分，≥ 90 % 覆盖率，%IncMSE）、Yan &amp; Bai 2020（季节模型，RF/SVR/KNN）、Xu et al. 2024（XGBoost/LightGBM/CatBoost 堆叠集成、地形分区、DOY、SHAP）、Chen et al. 2023（遗传算法优化的 BP 神经网络；经纬度、日序列和 AM/PM 特征；采用 20 折交叉验证的网格搜索）、Cai et al. 2022（深度置信网络）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="100" />
      <source>time stack of the coarse product (m³/m³), one band per date with its ISO date as band description (see Build time stack). Its nodata cells are gaps.</source>
      <translation>粗分辨率产品的时间序列栈（m³/m³），每个日期一个波段，以 ISO 日期作为波段描述（参见“构建时间序列栈”）。其无数据值像元视为缺失。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="103" />
      <source>continuous fine rasters (NDVI, LST, DEM, slope, soil texture, precipitation…). A single-band layer without a date is static and applies to every date; a time stack is dynamic and matched to the coarse dates by date (the day; the time too when both carry one). Each is aggregated by its area-weighted mean onto the coarse grid (a coarse cell needs ≥ 50 % valid fine cells). Feature names are the layer names: Predict matches layers to features by these names, so keep them.</source>
      <translation>连续型精细栅格（NDVI、LST、DEM、坡度、土壤质地、降水……）。不带日期的单波段图层为静态因子，适用于所有日期；时间序列栈为动态因子，按日期与粗分辨率日期匹配（匹配到日；两者都带时刻时也匹配时刻）。每个因子按面积加权平均聚合到粗分辨率网格上（一个粗分辨率像元需有 ≥ 50 % 的有效精细像元）。特征名即图层名：“预测”按这些名称将图层与特征对应，因此请勿更改图层名。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="111" />
      <source>optional class rasters (land cover, soil class), integer codes, at most 50 classes. Encoding (advanced): class fractions (default; one feature per class, its area share in the coarse cell — 0 or 1 for a fine cell) or mode (the majority class code as one feature; suits trees only).</source>
      <translation>可选的类别栅格（土地覆盖、土壤类别），整数编码，最多 50 个类别。编码方式（高级）：类别比例（默认；每个类别一个特征，即其在粗分辨率像元中的面积占比——对于单个精细像元为 0 或 1）或众数（以多数类别代码作为一个特征；仅适用于树模型）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="116" />
      <source>random forest (500 trees, a third of the features per split, leaves ≥ 5: R randomForest defaults as in Nadeem et al. 2023 and Yan &amp; Bai 2020); extra trees (500 trees); histogram gradient boosting, XGBoost, LightGBM, CatBoost (500 rounds, learning rate 0.05, depth 6, subsampling 0.8; CatBoost only when the catboost package is installed); MLP neural network (two hidden layers of 100 ReLU units — Nadeem et al. 2023 used 200 hidden neurons —, Adam, early stopping on 10 % of the training samples, ≤ 200 epochs); support-vector regression (RBF, C = 1, ε = 0.1 sd, γ = scale); k-nearest neighbours (10, inverse-distance weights); GA-optimised BP network and deep belief network (below); stacking ensemble (Xu et al. 2024: base learners fitted on 5-fold out-of-fold predictions, combined by a non-negative linear regression). MLP, SVR and KNN standardise inputs and target internally. All learners use threads, not processes.</source>
      <translation>随机森林（500 棵树，每次分裂使用三分之一的特征，叶节点样本数 ≥ 5：即 Nadeem et al. 2023 和 Yan &amp; Bai 2020 所用 R randomForest 的默认值）；极端随机树（500 棵树）；直方图梯度提升、XGBoost、LightGBM、CatBoost（500 轮，学习率 0.05，深度 6，子采样 0.8；CatBoost 仅在已安装 catboost 包时可用）；MLP 神经网络（两个各含 100 个 ReLU 单元的隐含层——Nadeem et al. 2023 使用了 200 个隐含神经元——，Adam 优化器，以 10 % 的训练样本进行早停，≤ 200 轮）；支持向量回归（RBF，C = 1，ε = 0.1 sd（标准差），γ = scale）；k 近邻（10 个，反距离权重）；遗传算法优化 BP 神经网络和深度置信网络（见下文）；堆叠集成（Xu et al. 2024：基学习器在 5 折的折外（out-of-fold）预测上拟合，再由非负线性回归组合）。MLP、SVR 和 KNN 在内部对输入和目标进行标准化。所有学习器均使用线程而非进程。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="130" />
      <source>advanced. The GABP of Chen et al. 2023: a genetic algorithm (real coding, roulette selection, arithmetic crossover, non-uniform mutation, fitness 1/SSE on a 15 % validation split; population 30 × 30 generations here, 100 × 262 in the paper) picks the hidden-layer size (4–20 tanh units) and the initial weights, then Levenberg–Marquardt trains the network to an MSE of 1e-4 (m³/m³)² or 100 epochs (the paper: 0.001), keeping the weights best on the validation split. The DBN of Cai et al. 2022: RBM layers [128, 64] pre-trained by contrastive divergence (CD-1, 20 epochs, rate 0.1) on inputs scaled to 0–1, fine-tuned by back-propagation with the Smooth-L1 loss and dropout 0.05 (200 epochs, rate 0.05, batch 16; the paper: [1000, 1000], 400 and 800 epochs, rate 0.1). The papers' values are in the labels. Both are seeded and need no extra package. The 1-D CNN of Chen et al. 2023 is not offered: it would need a deep-learning library, and the paper found it over-smooths the downscaled field.</source>
      <translation>高级。Chen et al. 2023 的 GABP：遗传算法（实数编码、轮盘赌选择、算术交叉、非均匀变异，适应度为 15 % 验证集上的 1/SSE；此处种群 30 × 30 代，论文中为 100 × 262）选择隐含层大小（4–20 个 tanh 单元）和初始权重，然后用 Levenberg–Marquardt 算法训练网络，直至 MSE 达到 1e-4 (m³/m³)² 或满 100 轮（论文：0.001），并保留在验证集上表现最佳的权重。Cai et al. 2022 的 DBN：RBM 层 [128, 64]，在缩放至 0–1 的输入上以对比散度（CD-1，20 轮，学习率 0.1）预训练，再以 Smooth-L1 损失和 dropout 0.05 通过反向传播微调（200 轮，学习率 0.05，批大小 16；论文：[1000, 1000]，400 和 800 轮，学习率 0.1）。论文中的取值见参数标签。两者均使用随机种子，且无需额外的包。不提供 Chen et al. 2023 的 1-D CNN：它需要深度学习库，且该论文发现它会使降尺度结果过度平滑。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="145" />
      <source>the stacking ensemble's members; default XGBoost + LightGBM + random forest, plus CatBoost when installed.</source>
      <translation>堆叠集成的成员学习器；默认为 XGBoost + LightGBM + 随机森林，若已安装 CatBoost 则另加 CatBoost。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="148" />
      <source>none (one model), meteorological (DJF, MAM, JJA, SON: one model each, Yan &amp; Bai 2020) or custom month groups, e.g. '11,12,1,2,3;4,5,6,7,8,9,10' for a cold and a warm season (every month exactly once).</source>
      <translation>无（单一模型）、气象季节（DJF、MAM、JJA、SON：每季一个模型，Yan &amp; Bai 2020）或自定义月份分组，例如 '11,12,1,2,3;4,5,6,7,8,9,10' 表示冷季和暖季（每个月份须恰好出现一次）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="152" />
      <source>optional raster of zone codes (e.g. terrain zones, Xu et al. 2024): one model per zone (per zone and season with seasons). Aggregated to the coarse grid by mode. Predict routes each pixel and date to its partition's model.</source>
      <translation>可选的分区代码栅格（例如地形分区，Xu et al. 2024）：每个分区一个模型（同时设置季节时，每个分区与季节的组合一个模型）。以众数聚合到粗分辨率网格。“预测”会将每个像元和日期分配给其所属分区的模型。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="156" />
      <source>advanced, default 50: a season or zone partition with fewer training samples uses the global model (a warning names it).</source>
      <translation>高级，默认 50：训练样本少于该值的季节或分区改用全局模型（会给出指明该分区的警告）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="159" />
      <source>extra features: day of year as sin/cos on the annual circle (31 Dec and 1 Jan are neighbours; default on), cell-centre longitude and latitude in degrees (default off), and PM = 1 for afternoon passes when the coarse band dates carry a time (default on).</source>
      <translation>附加特征：年积日以年周期圆上的 sin/cos 表示（12 月 31 日与 1 月 1 日相邻；默认开启）、像元中心经度和纬度，单位为度（默认关闭），以及当粗分辨率波段日期带有时刻时，下午过境记为 PM = 1（默认开启）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="164" />
      <source>0–1, default 0.5: a date is used only when at least this share of the coarse cells that ever hold soil moisture are valid in the target and every predictor. Dropped dates and why are logged and reported. Nadeem et al. 2023 kept dates with ≥ 90 %; with daily clouds and swath gaps that drops most dates (on the peer benchmark of the README, 0.9 left a handful of dates and the map barely beat the coarse product), and date models need their dates.</source>
      <translation>0–1，默认 0.5：仅当曾有土壤水分的粗分辨率像元中至少有此比例在目标和每个预测因子中均有效时，才使用该日期。被舍弃的日期及原因会记入日志和报告。Nadeem et al. 2023 保留有效像元 ≥ 90 % 的日期；对于每日有云和轨道间隙的产品，这会舍弃大多数日期（在 README 的同类工具基准测试中，0.9 只留下少数几个日期，地图几乎不优于粗分辨率产品），而日期模型需要这些日期。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="172" />
      <source>next to the pooled model (one for all dates), one small model per date, fitted on the samples of the dates within the window (default ±7 days; one per date: its own samples only) — the relation between predictors and soil moisture changes from day to day (the data-mining sharpener of Gao et al. 2012 fits one per scene). Learner (advanced): ridge regression (default), bagged linear-leaf trees (Gao et al. 2012), LightGBM with linear leaves, or any other; features are clipped to the window's range widened by 50 % and predictions to its target range widened by 25 %. Blend (advanced): the date model and the pooled model are averaged with weights by their held-out MSE (default), equally, or the date model alone. A date whose window holds fewer samples than the minimum (advanced, default 30) has no date model; Predict uses the nearest date model within the window, else the pooled model alone. The reported skill is the blend's, on held-out samples.</source>
      <translation>在合并模型（所有日期一个模型）之外，每个日期一个小模型，用窗口内各日期的样本拟合（默认 ±7 天；每日期一个：仅用该日期自己的样本）——预测因子与土壤水分之间的关系逐日变化（Gao et al. 2012 的数据挖掘锐化方法对每景拟合一个模型）。学习器（高级）：岭回归（默认）、装袋线性叶回归树（Gao et al. 2012）、带线性叶的 LightGBM 或任何其他学习器；特征被裁剪到窗口范围向两侧各扩展 50 % 的区间，预测值被裁剪到目标范围向两侧各扩展 25 % 的区间。组合（高级）：日期模型与合并模型按其留出 MSE 加权平均（默认）、等权平均，或仅用日期模型。窗口内样本少于最少样本数（高级，默认 30）的日期没有日期模型；预测时使用窗口内最近的日期模型，否则仅用合并模型。报告的技巧是组合结果在留出样本上的技巧。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="186" />
      <source>advanced, default on: each dynamic continuous predictor enters as two features, its value minus the mean of its band on that date (over every valid fine cell) and that mean, so a model sees the day's contrasts between cells apart from the day's overall level. The same band mean is used in Predict.</source>
      <translation>高级，默认开启：每个动态连续预测因子以两个特征进入模型：其值减去该日期其波段的均值（对所有有效精细像元），以及该均值本身，使模型看到当天像元之间的差异，而不受当天整体水平的影响。预测时使用相同的波段均值。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="192" />
      <source>advanced (Gao et al. 2012 train on the most homogeneous coarse cells): a sample's heterogeneity is the coefficient of variation of each continuous predictor inside its coarse cell (exact area-weighted aggregation), averaged over the predictors. Left out: this share of the least homogeneous samples is not fitted (default 0); weight: the others count by homogeneity, from 0.1 (least) to 1.1 (most), for learners that take weights (trees, boosting, ridge, linear-leaf trees). On the README's benchmark leaving out 10–20 % cost accuracy and weighting changed it by less than a point, hence the defaults.</source>
      <translation>高级（Gao et al. 2012 在最均质的粗分辨率像元上训练）：样本的非均质性是每个连续预测因子在其粗分辨率像元内的变异系数（精确的面积加权聚合），对各预测因子取平均。剔除：最不均质样本中此比例的样本不参与拟合（默认 0）；加权：其余样本按均质性计权，从 0.1（最不均质）到 1.1（最均质），适用于接受权重的学习器（树、提升、岭回归、线性叶回归树）。在 README 的基准测试中，剔除 10–20 % 会降低精度，加权的影响不到一个百分点，因此采用上述默认值。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="201" />
      <source>advanced, default on: a dynamic predictor missing on some coarse cell with soil moisture on some training date (NDVI or LST under clouds) can be missing on fine pixels when predicting. A second model, fitted on the same samples without those predictors (same learner, global, no date models), is stored in the model file; Predict maps such pixels with it instead of leaving a hole. The log names the predictors it leaves out.</source>
      <translation>高级，默认开启：在某个训练日期、某个有土壤水分的粗分辨率像元上缺失的动态预测因子（云下的 NDVI 或 LST），在预测时也可能在细分辨率像元上缺失。第二个模型在相同样本上拟合但不含这些预测因子（同一学习器、全局、无日期模型），并保存在模型文件中；Predict 用它为这些像元制图，而不是留下空洞。日志会列出它省去的预测因子。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="208" />
      <source>random 70/15/15 split (Nadeem et al. 2023: fit on 70 %, hyperparameters chosen on 15 %, skill on the last 15 %); random k-fold; spatial block k-fold (blocks of block size × block size coarse cells held out together — neighbouring cells are correlated, so random splits overstate skill at unseen places); leave-dates-out k-fold (whole dates held out). k-fold schemes report out-of-fold skill and then fit the final model on all samples.</source>
      <translation>随机 70/15/15 划分（Nadeem et al. 2023：在 70 % 上拟合，在 15 % 上选择超参数，在最后 15 % 上评估精度）；随机 k 折；空间块 k 折（由 块大小 × 块大小 个粗分辨率像元组成的块整体留出——相邻像元相互关联，因此随机划分会高估在未见位置上的精度）；按日期留出 k 折（整个日期留出）。k 折方案报告折外精度，然后在全部样本上拟合最终模型。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="215" />
      <source>0 (default) keeps the defaults above; n &gt; 0 tries n random parameter sets (randomised search; Chen et al. 2023 used grid search with 20-fold CV) scored on the validation split (random scheme) or by 3-fold (at least 2-fold) CV of the same kind inside each training set (k-fold schemes, nested, so the reported skill stays honest).</source>
      <translation>0（默认）保持上述默认值；n &gt; 0 时尝试 n 组随机参数（随机搜索；Chen et al. 2023 使用了 20 折交叉验证的网格搜索），在验证集上评分（随机划分方案），或在每个训练集内部以同类的 3 折（至少 2 折）交叉验证评分（k 折方案，嵌套进行，以使报告的精度保持可信）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="221" />
      <source>seeds splits, folds, learners and importance; the same inputs and seed give the same model and predictions.</source>
      <translation>为数据划分、折、学习器和重要性计算设定随机种子；相同的输入和随机种子会得到相同的模型和预测结果。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="223" />
      <source>advanced, default 5: how often each feature is shuffled for its %IncMSE importance (the mean of the repeats is reported).</source>
      <translation>高级，默认 5：计算 %IncMSE 重要性时每个特征被打乱的次数（报告各次重复的平均值）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="226" />
      <source>advanced, default off: after training, compile every LightGBM part of the model (partitions, gap model, date models, stacking members) to machine code (lleaves) into the compiled-model cache, so that Predict loads it instead of compiling or falling back to the learner (≈ 2.5 ms per leaf: about 40 s for the default 500 × 31-leaf model). Other learners are not compiled; where lleaves is missing the log says so and the model file is the same.</source>
      <translation>高级，默认关闭：训练结束后，将模型中所有 LightGBM 部分（分区模型、缺口模型、日期模型、堆叠成员）编译为机器码（lleaves）并存入编译模型缓存，使“预测”直接加载，而不必编译或退回到学习器（每个叶节点约 2.5 ms：默认 500 × 31 叶模型约 40 s）。其他学习器不编译；若缺少 lleaves，日志会说明，模型文件不变。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="233" />
      <source>advanced. 0 (default) = automatic: one thread per 20,000 samples, up to all cores (boosting on a few thousand samples gains nothing from more threads and their busy-waiting threads slow a busy machine down badly); n &gt; 0 forces n threads.</source>
      <translation>高级。0（默认）= 自动：每 20,000 个样本一个线程，最多使用全部核心（在几千个样本上进行梯度提升，更多线程毫无收益，而且其忙等待线程会严重拖慢繁忙的机器）；n &gt; 0 时强制使用 n 个线程。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="238" />
      <source>a .smdm file (a ZIP: manifest.json with features, units, encodings, partitions, metrics, library versions and seed; estimators.pkl; samples.npz). Predict reads it; in Python: smdownscale.engine.learn.modelfile.load_model(path). A model saved with another major.minor version of scikit-learn/XGBoost/LightGBM/CatBoost is refused with the reason. Load only model files you trust (pickle).</source>
      <translation>一个 .smdm 文件（ZIP 格式：manifest.json，含特征、单位、编码、分区、指标、库版本和随机种子；estimators.pkl；samples.npz）。“预测”读取该文件；在 Python 中：smdownscale.engine.learn.modelfile.load_model(path)。以其他主/次版本（major.minor）的 scikit-learn/XGBoost/LightGBM/CatBoost 保存的模型将被拒绝，并给出原因。请只加载可信的模型文件（pickle）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="245" />
      <source>HTML page: data summary, dates used and dropped, metrics per split, partitions, predicted-vs-observed scatter per split, %IncMSE importance (and mean |SHAP| for XGBoost/LightGBM/CatBoost).</source>
      <translation>HTML 页面：数据概况、使用和剔除的日期、各划分的指标、分区、各划分的预测值–观测值散点图、%IncMSE 重要性（XGBoost/LightGBM/CatBoost 另含平均 |SHAP|）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="249" />
      <source>held-out samples (m³/m³ where a unit applies), for the next Modeler step.</source>
      <translation>基于留出样本计算（有单位的指标为 m³/m³），供图形建模器的下一步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="256" />
      <source>Metrics (pytesmo definitions): bias = mean(predicted − observed); RMSE; ubRMSE = √(RMSE² − bias²); MAE; Pearson R; skill = 1 − MSE / MSE of predicting the training mean (&gt; 0 beats the mean).</source>
      <translation>评价指标（pytesmo 定义）：偏差 bias = mean(predicted − observed)；均方根误差 RMSE；无偏均方根误差 ubRMSE = √(RMSE² − bias²)；平均绝对误差 MAE；Pearson 相关系数 R；技巧评分 skill = 1 − MSE / 以训练集均值作为预测时的 MSE（&gt; 0 表示优于均值）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="259" />
      <source>Importance: %IncMSE = increase of the held-out MSE, in %, when one feature is shuffled (mean of the repeats; Nadeem et al. 2023, Yan &amp; Bai 2020).</source>
      <translation>重要性：%IncMSE = 打乱某个特征后留出集 MSE 的增加百分比（%）（取各次重复的平均值；Nadeem et al. 2023，Yan &amp; Bai 2020）。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="261" />
      <source>Cancel takes effect between fits.</source>
      <translation>取消操作在两次拟合之间生效。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="297" />
      <source>Minimum valid coverage of a date (0–1)</source>
      <translation>日期的最低有效覆盖率（0–1）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="303" />
      <source>Folds (k-fold schemes)</source>
      <translation>折数（k 折方案）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="305" />
      <source>Spatial block size (coarse cells)</source>
      <translation>空间块大小（粗分辨率像元数）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="308" />
      <source>Hyperparameter search budget (candidates; 0 = defaults)</source>
      <translation>超参数搜索预算（候选数；0 = 默认值）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="310" />
      <source>Random seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="316" />
      <source>Date window (days either side)</source>
      <translation>日期窗口（前后各天数）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="325" />
      <source>Date models: minimum samples</source>
      <translation>日期模型：最少样本数</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="331" />
      <source>Share of least homogeneous samples left out (0–0.9)</source>
      <translation>剔除最不均质样本的比例（0–0.9）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="341" />
      <source>Minimum training samples of a season/zone model</source>
      <translation>季节/分区模型的最少训练样本数</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="343" />
      <source>Permutation importance repeats</source>
      <translation>置换重要性重复次数</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="345" />
      <source>Threads (0 = automatic)</source>
      <translation>线程数（0 = 自动）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="347" />
      <source>GABP: population (Chen et al. 2023: 100)</source>
      <translation>GABP：种群规模（Chen et al. 2023：100）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="349" />
      <source>GABP: generations (Chen et al. 2023: 262)</source>
      <translation>GABP：迭代代数（Chen et al. 2023：262）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="354" />
      <source>DBN: fine-tuning epochs (Cai et al. 2022: 800)</source>
      <translation>DBN：微调轮数（Cai et al. 2022：800）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="370" />
      <source> (not installed)</source>
      <translation>（未安装）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="380" />
      <source>No coarse soil-moisture layer was given. Select the coarse time stack.</source>
      <translation>未指定粗分辨率土壤水分图层。请选择粗分辨率时间序列栈。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="267" />
      <source>Coarse soil moisture (time stack, m³/m³)</source>
      <translation>粗分辨率土壤水分（时间序列栈，m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="269" />
      <source>Predictors (continuous; static layers or time stacks)</source>
      <translation>预测因子（连续型；静态图层或时间序列栈）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="272" />
      <source>Categorical predictors (class codes)</source>
      <translation>类别型预测因子（类别代码）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="275" />
      <source>Learner</source>
      <translation>学习器</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="278" />
      <source>Stacking base learners</source>
      <translation>堆叠集成基学习器</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="283" />
      <source>Seasons</source>
      <translation>季节</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="287" />
      <source>Custom month groups (e.g. 11,12,1,2,3;4,5,6,7,8,9,10)</source>
      <translation>自定义月份分组（例如 11,12,1,2,3;4,5,6,7,8,9,10）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="290" />
      <source>Zones (one model per zone code)</source>
      <translation>分区（每个分区代码一个模型）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="292" />
      <source>Add day of year (sin/cos)</source>
      <translation>添加年积日（sin/cos）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="294" />
      <source>Add longitude and latitude</source>
      <translation>添加经度和纬度</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="296" />
      <source>Add AM/PM (when band dates carry a time)</source>
      <translation>添加 AM/PM（当波段日期带有时刻时）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="300" />
      <source>Validation</source>
      <translation>验证</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="313" />
      <source>Date models</source>
      <translation>日期模型</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="319" />
      <source>Date models: learner</source>
      <translation>日期模型：学习器</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="322" />
      <source>Date models: blend with the pooled model</source>
      <translation>日期模型：与合并模型的组合方式</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="328" />
      <source>Dynamic predictors as date anomaly + date mean</source>
      <translation>动态预测因子表示为日期距平 + 日期均值</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="334" />
      <source>Weight samples by homogeneity</source>
      <translation>按均质性为样本加权</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="336" />
      <source>Gap model for pixels under clouds</source>
      <translation>云下像元的缺口模型</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="338" />
      <source>Categorical encoding</source>
      <translation>类别编码方式</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="352" />
      <source>DBN: hidden layers (Cai et al. 2022: 1000,1000)</source>
      <translation>DBN：隐含层（Cai et al. 2022：1000,1000）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="357" />
      <source>Compile LightGBM models for Predict (lleaves)</source>
      <translation>为“预测”编译 LightGBM 模型（lleaves）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="361" />
      <source>Model file</source>
      <translation>模型文件</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="361" />
      <source>Downscaling model (*.smdm)</source>
      <translation>降尺度模型 (*.smdm)</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="363" />
      <source>Training report</source>
      <translation>训练报告</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="363" />
      <source>HTML files (*.html)</source>
      <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="390" />
      <source>No file was given for the trained model. Choose where to save the .smdm file.</source>
      <translation>未指定训练模型的保存文件。请选择 .smdm 文件的保存位置。</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="415" />
      <source>Held-out skill ({n} samples): R {r:.3f}, RMSE {rmse:.4f}, ubRMSE {ub:.4f}, bias {bias:+.4f} m³/m³; skill vs the mean {skill:.2f}</source>
      <translation>留出集精度（{n} 个样本）：R {r:.3f}，RMSE {rmse:.4f}，ubRMSE {ub:.4f}，偏差 {bias:+.4f} m³/m³；相对均值的技巧评分 {skill:.2f}</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="284" />
      <source>None (one model)</source>
      <translation>无（单一模型）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="284" />
      <source>Meteorological (DJF, MAM, JJA, SON)</source>
      <translation>气象季节（DJF、MAM、JJA、SON）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="285" />
      <source>Custom month groups</source>
      <translation>自定义月份分组</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="301" />
      <source>Random 70/15/15 split</source>
      <translation>随机 70/15/15 划分</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="301" />
      <source>Random k-fold</source>
      <translation>随机 k 折</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="302" />
      <source>Spatial block k-fold</source>
      <translation>空间块 k 折</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="302" />
      <source>Leave-dates-out k-fold</source>
      <translation>按日期留出 k 折</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="314" />
      <source>None (the pooled model only)</source>
      <translation>无（仅合并模型）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="314" />
      <source>One per date</source>
      <translation>每个日期一个</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="315" />
      <source>One per moving window of dates</source>
      <translation>每个滑动日期窗口一个</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="323" />
      <source>By held-out skill</source>
      <translation>按留出样本技巧</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="323" />
      <source>Equal weights</source>
      <translation>等权重</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="323" />
      <source>Date models alone</source>
      <translation>仅日期模型</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="339" />
      <source>Class fractions</source>
      <translation>类别比例</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="339" />
      <source>Mode (class code)</source>
      <translation>众数（类别代码）</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="408" />
      <source>Dropped {date}: {reason}</source>
      <translation>已剔除 {date}：{reason}</translation>
    </message>
    <message>
      <location filename="../algorithms/train.py" line="490" />
      <source>The DBN layers must be positive whole numbers separated by commas, e.g. 128,64 (got '{text}').</source>
      <translation>DBN 隐含层必须是以逗号分隔的正整数，例如 128,64（当前为 '{text}'）。</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>random forest</source>
      <translation>随机森林</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>extra trees</source>
      <translation>极端随机树</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>histogram gradient boosting</source>
      <translation>直方图梯度提升</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>XGBoost</source>
      <translation>XGBoost</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>LightGBM</source>
      <translation>LightGBM</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>CatBoost</source>
      <translation>CatBoost</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>MLP neural network</source>
      <translation>MLP 神经网络</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>support-vector regression</source>
      <translation>支持向量回归</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>k-nearest neighbours</source>
      <translation>k 近邻</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>stacking ensemble</source>
      <translation>堆叠集成</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>GA-optimised BP network</source>
      <translation>遗传算法优化 BP 神经网络（GABP）</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>deep belief network</source>
      <translation>深度置信网络（DBN）</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>ridge regression</source>
      <translation>岭回归</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>bagged linear-leaf trees</source>
      <translation>装袋线性叶回归树</translation>
    </message>
    <message>
      <location filename="../engine/learn/learners.py" line="0" />
      <source>LightGBM with linear leaves</source>
      <translation>带线性叶的 LightGBM</translation>
    </message>
  </context>
  <context>
    <name>Validate</name>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>ubRMSE of the map, pooled over all pairs (m³/m³)</source>
      <translation>土壤水分图的 ubRMSE（无偏均方根误差），全部配对汇总计算（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Pearson R of the map, pooled</source>
      <translation>土壤水分图的 Pearson 相关系数 R，汇总计算</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Bias of the map, pooled (map − station, m³/m³)</source>
      <translation>土壤水分图的偏差，汇总计算（图 − 站点，m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>RMSE of the map, pooled (m³/m³)</source>
      <translation>土壤水分图的 RMSE（均方根误差），汇总计算（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Number of station–date pairs</source>
      <translation>站点–日期配对数</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Number of stations with pairs</source>
      <translation>有配对的站点数</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>ubRMSE of the coarse product, pooled (m³/m³)</source>
      <translation>粗分辨率产品的 ubRMSE（无偏均方根误差），汇总计算（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Pearson R of the coarse product, pooled</source>
      <translation>粗分辨率产品的 Pearson 相关系数 R，汇总计算</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Bias of the coarse product, pooled (m³/m³)</source>
      <translation>粗分辨率产品的偏差，汇总计算（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>RMSE of the map aggregated onto the coarse grid against the coarse product, all dates (m³/m³)</source>
      <translation>聚合到粗分辨率网格的土壤水分图相对粗分辨率产品的 RMSE（均方根误差），全部日期（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Lower confidence limit of the map's pooled ubRMSE (m³/m³)</source>
      <translation>土壤水分图汇总 ubRMSE 的置信下限（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Upper confidence limit of the map's pooled ubRMSE (m³/m³)</source>
      <translation>土壤水分图汇总 ubRMSE 的置信上限（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Lower confidence limit of the map's pooled R</source>
      <translation>土壤水分图汇总 R 的置信下限</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Upper confidence limit of the map's pooled R</source>
      <translation>土壤水分图汇总 R 的置信上限</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Station-mean R of the map (Fisher's z)</source>
      <translation>土壤水分图的站点平均 R（Fisher z 变换）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Station-mean R of the map's anomalies (35-day moving average, Fisher's z)</source>
      <translation>土壤水分图距平的站点平均 R（35 天滑动平均，Fisher z 变换）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Triple collocation: SNR of the map (dB)</source>
      <translation>三重配置（triple collocation）：土壤水分图的信噪比 SNR（dB）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Triple collocation: error standard deviation of the map (m³/m³, scaled to the stations)</source>
      <translation>三重配置（triple collocation）：土壤水分图的误差标准差（m³/m³，缩放到站点尺度）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="68" />
      <source>Triple collocation: triplets (map, coarse product, station)</source>
      <translation>三重配置（triple collocation）：三元组数（土壤水分图、粗分辨率产品、站点）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="92" />
      <source>Validate against stations</source>
      <translation>站点实测验证</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="95" />
      <source>Compare a soil-moisture map or time stack with station observations: metrics per station, per group and overall, before and after downscaling, with an HTML report.</source>
      <translation>将土壤水分图或时间序列栈与站点观测进行比较：给出逐站点、逐分组及总体的精度指标，对比降尺度前后，并生成 HTML 报告。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="100" />
      <source>The last step of a downscaling study (Nadeem et al. 2023, Yan &amp; Bai 2020, Cai et al. 2022, Xu et al. 2024): every station observation is paired with the map at its station on the band of its date (the observation nearest the overpass time within ±1 h when the bands have times, as pytesmo's temporal collocation does; otherwise the day's mean), and the pairs are scored per station, per group (e.g. network scale or land cover, Nadeem et al. 2023), pooled over all pairs and as the mean over stations. With the coarse product, the same metrics are computed for it side by side, and the map aggregated back onto the coarse grid is compared with the coarse product (Yan &amp; Bai 2020, Table 5).</source>
      <translation>降尺度研究的最后一步（Nadeem et al. 2023，Yan &amp; Bai 2020，Cai et al. 2022，Xu et al. 2024）：每条站点观测都与其日期对应波段上该站点处的土壤水分图值配对（波段带有时刻时，取过境时刻 ±1 h 内最近的观测，与 pytesmo 的时间配置（temporal collocation）做法相同；否则取当日均值），并对配对进行逐站点、逐分组（例如站网尺度或土地覆盖，Nadeem et al. 2023）、全部配对汇总以及站点平均的评估。提供粗分辨率产品时，会并列计算该产品的相同指标，并将聚合回粗分辨率网格的土壤水分图与粗分辨率产品进行比较（Yan &amp; Bai 2020，表 5）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="114" />
      <source>a time stack (bands described by ISO dates, as written by Predict) or a single-band map (m³/m³).</source>
      <translation>时间序列栈（各波段以 ISO 日期描述，与“预测”算法的输出相同）或单波段图（m³/m³）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="116" />
      <source>a point layer with one feature per observation (any CRS; reprojected to each raster's CRS), or a table without geometry such as a CSV file with x/y fields (see below). Features without position, id, value or date are skipped and counted in the log.</source>
      <translation>点图层，每次观测对应一个要素（任意 CRS；会重投影到各栅格的 CRS），或不含几何的表格，例如带 x/y 字段的 CSV 文件（见下文）。缺少位置、ID、观测值或日期的要素将被跳过，并在日志中计数。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="121" />
      <source>the station id (any type; empty = each distinct position is a station); the observed soil moisture (numeric, or text holding numbers, m³/m³); the date or date-time of the observation in UTC (a date, date-time or text YYYY-MM-DD[THH:MM[:SS]], an offset such as Z or +02:00 is converted to UTC; date-times all at 00:00 are read as dates; needed for a time stack); optional group (e.g. network scale, land cover) — a station's group is its most frequent value.</source>
      <translation>站点 ID（任意类型；留空 = 每个不同的位置为一个站点）；观测土壤水分（数值型，或包含数字的文本，m³/m³）；观测的 UTC 日期或日期时间（日期、日期时间或 YYYY-MM-DD[THH:MM[:SS]] 格式的文本，Z 或 +02:00 等时区偏移会换算为 UTC；全部为 00:00 的日期时间按日期读取；时间序列栈必需）；可选的分组（例如站网尺度、土地覆盖）——站点的分组取其出现次数最多的值。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="130" />
      <source>nearest (default): a band with a time pairs at each station with the one observation nearest that time within ± the matching window (pytesmo's temporal collocation; a tie goes to the later observation); bands without a time use the product overpass below, or else the day mean. Day mean: all observations of a station on the band's day (within the date tolerance) are averaged into one pair. Observations with dates only always use the day mean. The log says which rule ran for how many bands and pairs.</source>
      <translation>最近观测（默认）：带时刻的波段在每个站点与 ± 匹配窗口内距该时刻最近的一条观测配对（pytesmo 的时间配置（temporal collocation）；距离相同时取较晚的观测）；不带时刻的波段使用下方的产品过境时间，否则使用日均值。日均值：站点在该波段当天（日期容差范围内）的所有观测取平均，形成一个配对。仅有日期的观测始终使用日均值。日志会说明每条规则用于多少个波段和配对。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="138" />
      <source>hours either side of the band (overpass) time, default 1 (pytesmo's ±1 h for hourly ISMN data). Station–band times with observations within 24 h but none in the window are counted in the log; when the window pairs nothing the run stops with these counts.</source>
      <translation>波段（过境）时刻前后各多少小时，默认 1（即 pytesmo 对逐小时 ISMN 数据采用的 ±1 h）。在 24 h 内有观测但窗口内没有观测的站点–波段时刻会在日志中计数；若窗口未形成任何配对，运行将停止并给出这些计数。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="143" />
      <source>the product of a stack whose bands have dates only, for the nominal overpass time (local solar time, as the product defines it): SMAP AM 06:00, SMAP PM 18:00, AMSR2 descending 01:30, ascending 13:30, SMOS ascending 06:00, descending 18:00. None (default): such bands use the day mean. Bands with a time of their own keep it.</source>
      <translation>波段仅有日期的时间序列栈所属的产品，用于确定名义过境时刻（地方太阳时，按产品自身的定义）：SMAP AM 06:00，SMAP PM 18:00，AMSR2 降轨 01:30、升轨 13:30，SMOS 升轨 06:00、降轨 18:00。无（默认）：此类波段使用日均值。自带时刻的波段保留其时刻。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="149" />
      <source>advanced: how a band time (description 2019-06-01T06:00) is read. Local solar time (default): as the SMAP L3, AMSR2 and SMOS importers write the overpass (T06:00/T18:00, T01:30/T13:30), converted at each station to UTC = local solar time − longitude / 15 h (longitude in degrees east, WGS 84; 06:00 at 116° E is 22:16 UTC of the day before). UTC: band times are UTC already (SMAP L4 granules, stacks dated in UTC). Observation times are UTC.</source>
      <translation>高级：如何解读波段时刻（描述为 2019-06-01T06:00）。地方太阳时（默认）：即 SMAP L3、AMSR2 和 SMOS 导入算法写入的过境时刻（T06:00/T18:00、T01:30/T13:30），在每个站点按 UTC = 地方太阳时 − 经度 / 15 h 换算为 UTC（经度以东经度数计，WGS 84；116° E 处的 06:00 为前一天的 22:16 UTC）。UTC：波段时刻已是 UTC（SMAP L4 数据文件、以 UTC 标注日期的时间序列栈）。观测时刻均为 UTC。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="156" />
      <source>optional coarse product (time stack) for the before/after columns and the consistency check.</source>
      <translation>可选的粗分辨率产品（时间序列栈），用于降尺度前后对比列和一致性检验。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="158" />
      <source>1 (default) = the map cell containing the station; 3, 5 … = the mean of the valid cells of a k × k window around it. The coarse product is always read at the cell containing the station.</source>
      <translation>1（默认）= 取站点所在的图像元；3、5 … = 取站点周围 k × k 窗口内有效像元的均值。粗分辨率产品始终读取站点所在的像元。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="162" />
      <source>for the day-mean matching: 0 (default) = an observation pairs with the band of its own day; n = with the nearest band within n days. Several observations of one station that meet the same band are averaged into one pair. With two bands on one day (AM/PM), the one nearest in time of day is used when the observation has a time, otherwise the first. The nearest matching uses the window in hours instead.</source>
      <translation>用于日均值匹配：0（默认）= 观测与其当天的波段配对；n = 与 n 天内最近的波段配对。同一站点对应同一波段的多条观测取平均，形成一个配对。同一天有两个波段（AM/PM）时，若观测带有时刻，则使用一天中时刻最接近的波段，否则使用第一个波段。最近观测匹配则改用以小时计的窗口。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="169" />
      <source>default 10: a station (or group) with fewer pairs gets its pair count but no metrics, rather than figures from three points.</source>
      <translation>默认 10：配对数少于该值的站点（或分组）只给出配对数而不计算指标，以免给出仅凭三个点算出的数值。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="172" />
      <source>default on: with a coarse product, both are scored on the pairs where both have a value (a like-for-like comparison); off: each on its own.</source>
      <translation>默认开启：提供粗分辨率产品时，两者均只在二者都有值的配对上评估（同等条件比较）；关闭：各自单独评估。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="175" />
      <source>advanced: for a single-band map without a date, the date it shows (only observations within the tolerance are used); empty = every observation pairs with it (observations of one station and day are averaged).</source>
      <translation>高级：对于无日期的单波段图，指定其所表示的日期（仅使用容差范围内的观测）；留空 = 所有观测都与之配对（同一站点同一天的观测取平均）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="179" />
      <source>advanced, default 0.5: share of a coarse cell the map must cover to be compared in the consistency check.</source>
      <translation>高级，默认 0.5：粗分辨率像元中须被土壤水分图覆盖的比例，达到该比例才参与一致性检验。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="182" />
      <source>points, one per station (at its first observation): station_id, group, n_obs, n (pairs), and bias, rmse, ubrmse, r, p_value, r2, nse, mae, mape, mre, kl; with a coarse product the same with a coarse_ prefix. Loaded coloured by ubRMSE in fixed classes (0.04 m³/m³ is SMAP's accuracy target).</source>
      <translation>点图层，每个站点一个点（位于其首次观测处）：station_id、group、n_obs、n（配对数），以及 bias、rmse、ubrmse、r、p_value、r2、nse、mae、mape、mre、kl；提供粗分辨率产品时，另有带 coarse_ 前缀的相同字段。加载时按 ubRMSE 以固定分级着色（0.04 m³/m³ 为 SMAP 的精度目标）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="187" />
      <source>table: product (downscaled, coarse) × group (each, and 'all') × aggregation ('pooled' over all pairs, 'station mean' of the station metrics, n summed, p-value left empty).</source>
      <translation>表格：产品（降尺度、粗分辨率）× 分组（各分组及 'all'）× 汇总方式（'pooled' 为全部配对汇总，'station mean' 为站点指标的平均，n 为求和，p 值留空）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="191" />
      <source>optional table of every pair: station_id, group, date, n_obs (observations averaged), observed, map, coarse, and the rule that paired it (band time, nominal overpass or day mean).</source>
      <translation>可选，列出每个配对的表：station_id、group、date、n_obs（参与平均的观测数）、observed、map、coarse，以及生成该配对的规则（波段时间、名义过境时间或日均值）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="195" />
      <source>optional table per date and for all dates: the map aggregated (area-weighted mean) onto the coarse grid against the coarse product: n_cells, mape, bias (aggregated − coarse), rmse, r (Yan &amp; Bai 2020, Table 5).</source>
      <translation>可选表格，逐日期及全部日期：聚合（面积加权平均）到粗分辨率网格的土壤水分图与粗分辨率产品的对比：n_cells、mape、bias（聚合值 − 粗分辨率值）、rmse、r（Yan &amp; Bai 2020，表 5）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="199" />
      <source>HTML page with the tables, a map-vs-station scatter coloured by group, box plots of the per-station metrics per product, value densities, R against ubRMSE coloured by bias, time series of the stations with most pairs (with precipitation bars), and the per-station ubRMSE over the map's period mean.</source>
      <translation>HTML 页面：各表格、按分组着色的地图与站点散点图、各产品逐站点指标的箱线图、数值密度、按偏差着色的 R 与 ubRMSE 散点图、配对最多的站点的时间序列（含降水柱）以及叠加在地图时段均值上的逐站点 ubRMSE。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="204" />
      <source>optional further soil-moisture rasters scored at the same pairs, side by side in the statistics tables under their layer names: the fused map, another downscaled product to compare against, … Each is read at the cell containing the station on the band of the pair's date; its gaps do not remove pairs from the map's tables (with COMMON_PAIRS the statistics tables use the pairs every product has).</source>
      <translation>可选，在相同配对上评估的其他土壤水分栅格，以其图层名称并列于统计表中：融合后的地图、用于对比的另一降尺度产品等。每个栅格在包含站点的像元、配对日期对应的波段上读取；其缺值不会从地图的表中删除配对（启用 COMMON_PAIRS 时，统计表只使用所有产品都有值的配对）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="211" />
      <source>optional daily precipitation stack (mm/day, e.g. from 'Import precipitation'): bars under the report's station time series, sampled at each station.</source>
      <translation>可选的逐日降水时间序列栈（mm/day，例如来自“导入降水”）：在每个站点处采样，以柱状图显示在报告的站点时间序列下方。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="214" />
      <source>advanced: stations whose time series the report draws (those with the most pairs; default 4).</source>
      <translation>高级：报告中绘制其时间序列的站点数（取配对数最多的站点；默认 4）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="216" />
      <source>advanced, default 0.95: level of every confidence interval — analytical for bias (t), ubRMSE (χ²), R, Spearman ρ and Kendall τ (Fisher z), as pytesmo computes them.</source>
      <translation>高级，默认 0.95：所有置信区间的置信水平——偏差（t）、ubRMSE（χ²）、R、Spearman ρ 和 Kendall τ（Fisher z）的区间均按解析方法计算，与 pytesmo 的计算方式相同。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="220" />
      <source>off by default: also bootstrap percentile intervals of bias, RMSE, ubRMSE and R on the pooled rows with at least 100 pairs, and of triple collocation per station; resamples (default 1000) and a seed (same seed, same intervals). The pooled triple collocation always has bootstrap intervals (there is no analytical one).</source>
      <translation>默认关闭：另外计算自助法（bootstrap）百分位区间，对象为至少有 100 个配对的汇总行中的偏差、RMSE、ubRMSE 和 R，以及逐站点的三重配置（triple collocation）；可设置重采样次数（默认 1000）和随机种子（随机种子相同，区间也相同）。汇总的三重配置始终给出自助法区间（没有解析区间）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="226" />
      <source>advanced, default 35 days: the centred moving average whose departures are the anomalies scored per station (anomaly R and ubRMSE); a station spanning 3 years or more is also scored on anomalies from its day-of-year climatology.</source>
      <translation>高级，默认 35 天：居中滑动平均的窗口，相对该滑动平均的偏离即为逐站点评估的距平（距平 R 和 ubRMSE）；时间跨度达到 3 年或以上的站点，还会基于相对其年积日气候态的距平进行评估。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="231" />
      <source>optional table, one row per station and product: n and every metric with pytesmo's name — bias, rmse, ubrmse, r, p_value, r2 (= R²), nse, mae, mape, mre, kl, rho, p_rho (Spearman), tau, p_tau (Kendall), mse and its mse_corr, mse_bias, mse_var terms, the _ci_lower/_ci_upper intervals of bias, ubrmse, r, rho, tau — and anomaly_r/_ubrmse/_n with _ma (moving average) and _clim (climatology) suffixes.</source>
      <translation>可选表格，每个站点和产品一行：n 以及采用 pytesmo 命名的各项指标——bias、rmse、ubrmse、r、p_value、r2（= R²）、nse、mae、mape、mre、kl、rho、p_rho（Spearman）、tau、p_tau（Kendall）、mse 及其分量 mse_corr、mse_bias、mse_var，bias、ubrmse、r、rho、tau 的 _ci_lower/_ci_upper 区间——以及带 _ma（滑动平均）和 _clim（气候态）后缀的 anomaly_r/_ubrmse/_n。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="238" />
      <source>optional table: product × scope (all; each group; each season DJF, MAM, JJA, SON; each month 01–12) × aggregation (pooled; station mean, with R through Fisher's z), n_pairs, n_stations and the metrics above (bootstrap intervals as _bootstrap_ci_lower/_upper when asked).</source>
      <translation>可选表格：产品 × 统计范围（全部；各分组；各季节 DJF、MAM、JJA、SON；各月份 01–12）× 汇总方式（汇总；站点平均，其中 R 经 Fisher z 变换），n_pairs、n_stations 以及上述指标（选择计算时，自助法区间以 _bootstrap_ci_lower/_upper 列给出）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="243" />
      <source>optional table (needs the coarse product): the map, the coarse product and the stations on the dates all three have, pooled ('all') and per station with at least 100 triplets: n_triplets, snr (dB), err_std (m³/m³, scaled to the stations), beta, each with its interval; 'refused' says why when there are too few triplets (with the count).</source>
      <translation>可选表格（需要粗分辨率产品）：在三者均有数据的日期上，对土壤水分图、粗分辨率产品和站点进行汇总（'all'）及逐站点（至少 100 个三元组）计算：n_triplets、snr（dB）、err_std（m³/m³，缩放到站点尺度）、beta，均附其区间；三元组过少时，'refused' 会说明原因（并给出数量）。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="249" />
      <source>optional folder: the numbers behind every figure of the report as CSV files (station_metric_boxes, value_density, r_ubrmse, station_series, station_precipitation, station_map, map_period_mean), for later Modeler steps.</source>
      <translation>可选文件夹：以 CSV 文件形式保存报告中每幅图背后的数据（station_metric_boxes、value_density、r_ubrmse、station_series、station_precipitation、station_map、map_period_mean），供图形建模器的后续步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="254" />
      <source>for the next Modeler step.</source>
      <translation>供图形建模器的下一步骤使用。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="259" />
      <source>METRICS (map = estimate, station = reference; pytesmo's definitions): bias = mean(map) − mean(station); RMSE = √mean((map − station)²); ubRMSE = √(RMSE² − bias²) (ddof 0, pytesmo ubrmsd); R = Pearson correlation with its two-sided p-value; R² = R × R; NSE = 1 − Σ(map − station)² / Σ(station − mean station)², the Nash–Sutcliffe efficiency (1 = perfect, 0 = no better than the stations' mean, can be negative; Yan &amp; Bai 2020 eq. 6 call it R²); MAE = mean |map − station|; MAPE = 100 % · mean(|map − station| / station); MRE = 100 % · mean((map − station) / station), signed; K-L = Σ p ln(p / q) (Yan &amp; Bai 2020, eq. 8) with p and q the station and map series each divided by its sum over the pairs, so it compares the shape of the two series (0 when proportional); pairs with a value ≤ 0 are left out of MAPE, MRE and K-L.</source>
      <translation>指标（map = 估计值，station = 参考值；采用 pytesmo 的定义）：bias = mean(map) − mean(station)；RMSE = √mean((map − station)²)；ubRMSE = √(RMSE² − bias²)（ddof 0，即 pytesmo 的 ubrmsd）；R = Pearson 相关系数及其双侧 p 值；R² = R × R；NSE = 1 − Σ(map − station)² / Σ(station − mean station)²，即 Nash–Sutcliffe 效率系数（1 = 完美，0 = 不优于站点均值，可为负；Yan &amp; Bai 2020 式 6 称之为 R²）；MAE = mean |map − station|；MAPE = 100 % · mean(|map − station| / station)；MRE = 100 % · mean((map − station) / station)，带符号；K-L = Σ p ln(p / q)（Yan &amp; Bai 2020，式 8），其中 p 和 q 分别为站点序列和图序列各自除以其在全部配对上的总和，因此它比较的是两个序列的形状（两者成比例时为 0）；值 ≤ 0 的配对不参与 MAPE、MRE 和 K-L 的计算。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="271" />
      <source>Bad input is refused with a message: a missing or non-numeric field, a date that does not parse, a layer without CRS or features, a table without x/y fields, no station on the map, no date in common, a matching window that pairs nothing.</source>
      <translation>错误的输入会被拒绝并给出提示信息：字段缺失或不是数值型、日期无法解析、图层没有 CRS 或没有要素、表格没有 x/y 字段、图上没有站点、没有共同日期、匹配窗口未形成任何配对。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="283" />
      <source>Sampling window (cells, odd: 1 = containing cell)</source>
      <translation>采样窗口（像元数，奇数：1 = 站点所在像元）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="285" />
      <source>Date tolerance (days)</source>
      <translation>日期容差（天）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="287" />
      <source>Minimum pairs for a station's metrics</source>
      <translation>计算站点指标所需的最少配对数</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="293" />
      <source>Matching window (± hours)</source>
      <translation>匹配窗口（± 小时）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="310" />
      <source>Minimum valid share of a coarse cell (consistency)</source>
      <translation>粗分辨率像元的最小有效比例（一致性检验）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="332" />
      <source>Stations with a time series in the report</source>
      <translation>报告中显示时间序列的站点数</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="334" />
      <source>Confidence level of the intervals</source>
      <translation>区间的置信水平</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="338" />
      <source>Bootstrap resamples</source>
      <translation>自助法（bootstrap）重采样次数</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="340" />
      <source>Random seed (bootstrap)</source>
      <translation>随机种子（自助法）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="342" />
      <source>Anomaly moving-average window (days)</source>
      <translation>距平滑动平均窗口（天）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="361" />
      <source>No soil-moisture map was given. Choose the raster or time stack to validate.</source>
      <translation>未指定土壤水分图。请选择要验证的栅格或时间序列栈。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="279" />
      <source>Soil-moisture map or time stack (m³/m³)</source>
      <translation>土壤水分图或时间序列栈（m³/m³）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="282" />
      <source>Coarse soil moisture (before downscaling)</source>
      <translation>粗分辨率土壤水分（降尺度前）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="290" />
      <source>Matching of observations to bands</source>
      <translation>观测与波段的匹配方式</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="296" />
      <source>Product overpass of date-only bands</source>
      <translation>仅含日期的波段所属产品的过境时间</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="304" />
      <source>Score map and coarse product on the same pairs</source>
      <translation>土壤水分图与粗分辨率产品基于相同配对评估</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="307" />
      <source>Date of a single-band map without date (YYYY-MM-DD)</source>
      <translation>无日期单波段图的日期（YYYY-MM-DD）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="313" />
      <source>Band times are</source>
      <translation>波段时刻的时间基准</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="317" />
      <source>Station metrics</source>
      <translation>站点指标</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="319" />
      <source>Validation summary</source>
      <translation>验证汇总</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="321" />
      <source>Station–date pairs</source>
      <translation>站点–日期配对</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="324" />
      <source>Consistency with the coarse product</source>
      <translation>与粗分辨率产品的一致性</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="327" />
      <source>Further products to compare (rasters)</source>
      <translation>用于对比的其他产品（栅格）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="330" />
      <source>Precipitation stack for the report (mm/day)</source>
      <translation>用于报告的降水时间序列栈（mm/day）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="337" />
      <source>Bootstrap confidence intervals too</source>
      <translation>同时计算自助法（bootstrap）置信区间</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="345" />
      <source>Validation report</source>
      <translation>验证报告</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="345" />
      <source>HTML files (*.html)</source>
      <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="347" />
      <source>Station statistics</source>
      <translation>站点统计</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="349" />
      <source>Statistics by scope (groups, seasons, months)</source>
      <translation>分范围统计（分组、季节、月份）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="350" />
      <source>Triple collocation</source>
      <translation>三重配置（triple collocation）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="354" />
      <source>Figure tables (folder of CSV files)</source>
      <translation>图件数据表（CSV 文件所在文件夹）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="459" />
      <source>Statistics by scope</source>
      <translation>分范围统计</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="508" />
      <source>Station metrics (ubRMSE)</source>
      <translation>站点指标（ubRMSE）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="565" />
      <source>{pairs} pairs from {obs} observations; dropped: {outside} station(s) off the map, {band} observation(s) with no band within the tolerance, {nodata} pair(s) on nodata.</source>
      <translation>共 {pairs} 个配对，来自 {obs} 条观测；已剔除：{outside} 个站点位于图外，{band} 条观测在容差内无对应波段，{nodata} 个配对落在无数据值上。</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="291" />
      <source>Nearest observation within the window of the band time</source>
      <translation>波段时刻窗口内的最近观测</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="292" />
      <source>Day mean</source>
      <translation>日均值</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="297" />
      <source>None (day mean)</source>
      <translation>无（日均值）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="297" />
      <source>SMAP AM (06:00 local solar time)</source>
      <translation>SMAP AM（地方太阳时 06:00）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="298" />
      <source>SMAP PM (18:00 local solar time)</source>
      <translation>SMAP PM（地方太阳时 18:00）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="299" />
      <source>AMSR2 descending (01:30 local solar time)</source>
      <translation>AMSR2 降轨（地方太阳时 01:30）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="300" />
      <source>AMSR2 ascending (13:30 local solar time)</source>
      <translation>AMSR2 升轨（地方太阳时 13:30）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="301" />
      <source>SMOS ascending (06:00 local solar time)</source>
      <translation>SMOS 升轨（地方太阳时 06:00）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="302" />
      <source>SMOS descending (18:00 local solar time)</source>
      <translation>SMOS 降轨（地方太阳时 18:00）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="314" />
      <source>Local solar time (SMAP L3, AMSR2, SMOS)</source>
      <translation>地方太阳时（SMAP L3、AMSR2、SMOS）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="315" />
      <source>UTC (SMAP L4, stacks dated in UTC)</source>
      <translation>UTC（SMAP L4、以 UTC 标注日期的时间序列栈）</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="442" />
      <source>Triple collocation was not computed: {reason}</source>
      <translation>未计算三重配置（triple collocation）：{reason}</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="448" />
      <source>Triple collocation (map, coarse product, stations; {n} triplets): map error standard deviation {err} m³/m³, SNR {snr} dB</source>
      <translation>三重配置（地图、粗分辨率产品、站点；{n} 个三元组）：地图误差标准差 {err} m³/m³，信噪比 {snr} dB</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="582" />
      <source>Map aggregated onto the coarse grid vs the coarse product, all dates: {n} cells, MAPE = {mape} %, bias = {bias}, RMSE = {rmse} m³/m³</source>
      <translation>聚合到粗分辨率网格的土壤水分图与粗分辨率产品对比，全部日期：{n} 个像元，MAPE = {mape} %，偏差 = {bias}，RMSE = {rmse} m³/m³</translation>
    </message>
    <message>
      <location filename="../algorithms/validate.py" line="574" />
      <source>{product}, pooled: n = {n}, ubRMSE = {ub}, R = {r}, bias = {bias}, RMSE = {rmse} m³/m³</source>
      <translation>{product}，汇总：n = {n}，ubRMSE = {ub}，R = {r}，偏差 = {bias}，RMSE = {rmse} m³/m³</translation>
    </message>
  </context>
  <context>
    <name>SmDownscaleProvider</name>
    <message>
      <location filename="../processing_provider/provider.py" line="23" />
      <source>Soil moisture downscaling</source>
      <translation>土壤水分降尺度</translation>
    </message>
    <message>
      <location filename="../processing_provider/provider.py" line="26" />
      <source>Soil moisture downscaling (SMAP/AMSR2/SMOS to 1 km with machine learning)</source>
      <translation>土壤水分降尺度（利用机器学习将 SMAP/AMSR2/SMOS 降尺度至 1 km）</translation>
    </message>
  </context>
  <context>
    <name>ShippedModel</name>
    <message>
      <location filename="../scripts/build_model.py" line="0" />
      <source>Soil moisture downscaling chain</source>
      <translation>土壤水分降尺度处理链</translation>
    </message>
  </context>
</TS>
