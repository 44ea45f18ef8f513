-- landing: shipstation/shipments
-- format: json
CREATE TABLE raw.shipstation_shipments (
    "shipmentId" bigint,
    "orderNumber" text,
    "carrierCode" text,
    "serviceCode" text,
    "warehouseId" integer,
    "shipDate" timestamptz,
    "promisedDate" date,
    "deliveryDate" timestamptz,
    "shipTo.postalCode" text,
    "shipTo.state" text,
    "shipmentCost" numeric(10,2),
    voided boolean,
    "trackingNumber" text,
    exceptions jsonb
);
