-- materialized: table
-- One row per ShipStation shipment that was not voided: a voided label (bought first,
-- then replaced) stays in the export as its own row and would count the order's
-- shipment and cost twice. A shipment is exported again at an exception and at delivery;
-- the latest extract wins (no updated_at). ShipStation times are UTC; promisedDate is
-- the shop's local date; orderNumber (a string) becomes the order id.
WITH ranked AS (
    SELECT s.*,
           row_number() OVER (PARTITION BY "shipmentId"
                              ORDER BY _loaded_at DESC, _source_file DESC,
                                       "deliveryDate" DESC NULLS LAST) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY "shipmentId") AS max_loaded_at
    FROM raw.shipstation_shipments s
    WHERE "shipmentId" IS NOT NULL
)
SELECT
    "shipmentId" AS shipment_id,
    CAST(nullif(trim("orderNumber"), '') AS bigint) AS order_id,
    lower("carrierCode") AS carrier,
    "serviceCode" AS service,
    "warehouseId" AS warehouse_id,
    "shipDate" AS ship_ts,
    "promisedDate" AS promised_date,
    "deliveryDate" AS delivered_ts,
    "shipTo.postalCode" AS destination_zip,
    "shipTo.state" AS destination_state,
    "shipmentCost" AS shipping_cost,
    "trackingNumber" AS tracking_number,
    coalesce(jsonb_array_length(exceptions), 0) AS exception_count,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1
  AND NOT coalesce(voided, false);
